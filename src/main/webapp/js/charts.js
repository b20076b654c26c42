// A small SVG line chart with axes and units, for figures sampled over the last minutes. No library: the page's
// Content-Security-Policy allows no inline style, and SVG attributes need none.

const NS = "http://www.w3.org/2000/svg";
const MARGIN = { left: 52, right: 12, top: 22, bottom: 26 };

/**
 * Draws series [{ name, points: [{ t, v }], className }] into an <svg viewBox="0 0 W H">, time on x over the last
 * windowMs up to now, values on y from 0 with ticks labelled in unit. A null value breaks the line.
 */
export function lineChart(svg, series, { unit, windowMs, now = Date.now() }) {
  const [, , width, height] = svg.getAttribute("viewBox").split(" ").map(Number);
  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const values = series.flatMap((s) => s.points.map((p) => p.v)).filter((v) => v != null);
  const top = niceCeiling(Math.max(0, ...values));
  const x = (t) => plot.x + plot.w * (1 - (now - t) / windowMs);
  const y = (v) => plot.y + plot.h * (1 - v / top);
  svg.replaceChildren();

  const steps = leadingDigit(top) === 2 ? 4 : 5; // round ticks: 0.2 of 1, 0.5 of 2, 1 of 5
  for (let i = 0; i <= steps; i++) {
    const v = (top * i) / steps;
    svg.append(el("line", { x1: plot.x, x2: plot.x + plot.w, y1: y(v), y2: y(v), class: "grid-line" }),
      text(format(v, unit), { x: plot.x - 6, y: y(v) + 4, class: "tick", "text-anchor": "end" }));
  }
  const minutes = Math.round(windowMs / 60000);
  for (let m = 0; m <= minutes; m++) {
    const t = now - m * 60000;
    svg.append(text(m === 0 ? "now" : `−${m} min`, { x: x(t), y: height - 8, class: "tick", "text-anchor": m === minutes ? "start" : "middle" }));
  }
  svg.append(el("line", { x1: plot.x, x2: plot.x, y1: plot.y, y2: plot.y + plot.h, class: "axis" }),
    el("line", { x1: plot.x, x2: plot.x + plot.w, y1: plot.y + plot.h, y2: plot.y + plot.h, class: "axis" }),
    text(unit, { x: 4, y: 12, class: "unit" }));

  let legend = plot.x + plot.w - series.reduce((w, s) => w + legendWidth(s.name), 0);
  for (const s of series) {
    let d = "";
    let pen = false;
    for (const p of s.points) {
      if (p.v == null || now - p.t > windowMs) { pen = false; continue; }
      d += `${pen ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
      pen = true;
    }
    svg.append(el("path", { d, class: `series ${s.className}`, "data-series": s.name, "data-points": s.points.filter((p) => p.v != null).length }));
    svg.append(el("rect", { x: legend, y: 6, width: 10, height: 10, class: `swatch ${s.className}` }),
      text(s.name, { x: legend + 14, y: 15, class: "legend" }));
    legend += legendWidth(s.name);
  }
}

function legendWidth(name) {
  return 24 + name.length * 7;
}

function leadingDigit(v) {
  return Math.round(v / 10 ** Math.floor(Math.log10(v)));
}

/** The smallest 1, 2 or 5 × 10^n at or above v (at least 1): round tick values. */
function niceCeiling(v) {
  if (v <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((c) => c >= v);
}

function format(v, unit) {
  const n = v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(v < 10 ? 1 : 0)}`;
  return unit === "ms" ? `${n} ms` : n;
}

function el(name, attributes) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  return node;
}

function text(content, attributes) {
  const node = el("text", attributes);
  node.textContent = content;
  return node;
}
