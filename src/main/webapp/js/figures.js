// Reading ordercast's /metrics in the page: the Prometheus text format into samples, and the figures the operations
// view draws from two scrapes (rates, latency quantiles over the window between them).

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a scrape in the text format: [{ name, labels: {..}, value }], comments and types left out. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const labels = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) {
      labels[key] = value.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples that match the given labels, by the value of one label (or "" for all). */
export function sumBy(samples, name, label = null, where = {}) {
  const sums = new Map();
  for (const s of samples) {
    if (s.name !== name || Object.entries(where).some(([k, v]) => s.labels[k] !== v)) continue;
    const key = label ? s.labels[label] ?? "" : "";
    sums.set(key, (sums.get(key) ?? 0) + s.value);
  }
  return sums;
}

export function total(samples, name, where = {}) {
  return sumBy(samples, name, null, where).get("") ?? 0;
}

/** Per-second increase of a counter between two scrapes, by a label; a counter that went back (a restart) counts from 0. */
export function rates(before, after, name, label, seconds) {
  const then = sumBy(before, name, label);
  const result = new Map();
  for (const [key, now] of sumBy(after, name, label)) {
    const was = then.get(key) ?? 0;
    result.set(key, Math.max(0, (now >= was ? now - was : now) / seconds));
  }
  return result;
}

/**
 * The q-quantile (0..1) of a histogram's observations made between two scrapes, in the histogram's unit, over every
 * label set (transports) together, interpolated within its bucket as Prometheus' histogram_quantile does; null when
 * nothing was observed in between.
 */
export function quantileBetween(before, after, histogram, q) {
  const bucket = `${histogram}_bucket`;
  const then = sumBy(before, bucket, "le");
  const buckets = [...sumBy(after, bucket, "le")]
    .map(([le, n]) => ({ le: le === "+Inf" ? Infinity : Number(le), n: Math.max(0, n - (then.get(le) ?? 0)) }))
    .sort((a, b) => a.le - b.le);
  const count = buckets.at(-1)?.n ?? 0;
  if (count === 0) return null;
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const { le, n } of buckets) {
    if (n >= rank) {
      if (le === Infinity) return lower; // beyond the last bound: the last bound is all that is known
      return lower + (le - lower) * ((rank - below) / Math.max(1, n - below));
    }
    lower = le;
    below = n;
  }
  return lower;
}
