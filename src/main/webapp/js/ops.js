// The operations view: this node's /metrics and every node's statistics every two seconds, drawn as tiles, charts
// and tables; and a channel inspector that reads a channel's position and follows its live publications.
import { connect } from "./ordercast.js";
import { Session } from "./session.js";
import { showConnection } from "./indicator.js";
import { parseMetrics, quantileBetween, rates, sumBy, total } from "./figures.js";
import { lineChart } from "./charts.js";

const $ = (id) => document.getElementById(id);
const session = new Session();
const base = new URL(".", location.href);
const params = new URLSearchParams(location.search);
const EVERY_MS = Number(params.get("every") ?? 2000);
const WINDOW_MS = 5 * 60_000;
const LATENCY_SPAN_MS = 10_000;
const CLOSES = { 1000: "normal", 1001: "going away", 1006: "dropped, no close frame", 1008: "policy violation",
  1009: "frame too large", 1011: "server error", 4000: "disconnected by the server", 4001: "authentication failed",
  4002: "token expired", 4003: "no authenticate in time", 4008: "slow consumer", 4010: "no pong",
  4011: "token unverifiable", 4029: "rate limited" };

const scrapes = []; // { t, samples }, the last WINDOW_MS of them
const latency = { p50: [], p99: [] };
const publications = [];
let lastRooms = {}; // subscribers per channel, every node
let client;
let inspected = null;

async function start() {
  await session.render($("signin"), () => location.reload());
  if (!(session.has("operator") || session.has("admin"))) return;
  $("ops-hint").hidden = true;
  client = connect({ url: base, getToken: (ctx) => session.getToken(ctx), reconnect: { initialDelay: 300, maxDelay: 5000 } });
  window.ordercast = client;
  showConnection(client);
  $("inspect-form").onsubmit = (e) => { e.preventDefault(); inspect($("inspect-channel").value.trim()); };
  await refresh();
  setInterval(refresh, EVERY_MS);
}

async function refresh() {
  try {
    const [metrics, stats] = await Promise.all([get("metrics", "text"), get("api/v1/websocket/stats", "json")]);
    if (stats) nodes(stats.data);
    if (metrics) figures(parseMetrics(metrics));
    if (inspected) await describe(inspected);
  } catch (error) {
    $("ops-error").hidden = false;
    $("ops-error").textContent = `the figures could not be read: ${error.message}`;
  }
}

/** A GET with the user's token; a refusal is shown in place of the figures, not thrown. */
async function get(path, as) {
  const response = await fetch(new URL(path, base), { headers: { Authorization: `Bearer ${await session.getToken()}` } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    $("ops-error").hidden = false;
    $("ops-error").textContent = `${path}: ${problem.detail ?? `HTTP ${response.status}`}`;
    return null;
  }
  return as === "json" ? response.json() : response.text();
}

function figures(samples) {
  const now = Date.now();
  for (const transport of ["websocket", "sse", "polling", "socketio", "envelope"]) {
    $(`c-${transport}`).textContent = total(samples, "ordercast_connections", { transport }).toLocaleString();
  }
  $("c-subscriptions").textContent = total(samples, "ordercast_subscriptions").toLocaleString();
  $("c-channels").textContent = total(samples, "ordercast_channels").toLocaleString();
  $("c-slow").textContent = total(samples, "ordercast_disconnects_total", { code: "4008" }).toLocaleString();
  $("node").textContent = samples.find((s) => s.labels.node)?.labels.node ?? "—";

  const previous = scrapes.at(-1);
  const span = scrapes.find((s) => now - s.t <= LATENCY_SPAN_MS + EVERY_MS / 2) ?? previous;
  scrapes.push({ t: now, samples });
  while (now - scrapes[0].t > WINDOW_MS) scrapes.shift();
  if (previous) {
    const seconds = (now - previous.t) / 1000;
    const perNamespace = rates(previous.samples, samples, "ordercast_publications_total", "namespace", seconds);
    const perSecond = [...perNamespace.values()].reduce((a, b) => a + b, 0);
    publications.push({ t: now, v: perSecond });
    const ms = (q) => { const s = quantileBetween(span.samples, samples, "ordercast_delivery_latency_seconds", q); return s == null ? null : s * 1000; };
    latency.p50.push({ t: now, v: ms(0.5) });
    latency.p99.push({ t: now, v: ms(0.99) });
    $("publications-now").textContent = `${Math.round(perSecond).toLocaleString()}/s now`;
    const p99 = latency.p99.at(-1).v;
    $("latency-now").textContent = p99 == null ? "no deliveries in the last 10 s" : `p99 ${p99.toFixed(1)} ms now`;
    namespaces(perNamespace);
    disconnects(samples);
  }
  for (const series of [publications, latency.p50, latency.p99]) {
    while (series.length && now - series[0].t > WINDOW_MS) series.shift();
  }
  lineChart($("latency-chart"), [{ name: "p50", points: latency.p50, className: "p50" }, { name: "p99", points: latency.p99, className: "p99" }],
    { unit: "ms", windowMs: WINDOW_MS, now });
  lineChart($("publications-chart"), [{ name: "publications/s", points: publications, className: "rate" }],
    { unit: "per second", windowMs: WINDOW_MS, now });
}

function namespaces(perSecond) {
  const subscribers = new Map();
  for (const [channel, n] of Object.entries(lastRooms)) {
    const namespace = channel.includes(":") ? channel.slice(0, channel.indexOf(":")) : channel;
    subscribers.set(namespace, (subscribers.get(namespace) ?? 0) + n);
  }
  const names = new Set([...perSecond.keys(), ...subscribers.keys()]);
  const rows = [...names].map((n) => [n, perSecond.get(n) ?? 0, subscribers.get(n) ?? 0])
    .sort((a, b) => b[1] - a[1] || b[2] - a[2]).slice(0, 8);
  fill("namespaces", rows.map(([n, rate, subs]) => [n, rate.toFixed(1), subs.toLocaleString()]));
}

function disconnects(samples) {
  const minuteAgo = scrapes.find((s) => Date.now() - s.t <= 60_000) ?? scrapes[0];
  const then = sumBy(minuteAgo.samples, "ordercast_disconnects_total", "code");
  const rows = [...sumBy(samples, "ordercast_disconnects_total", "code")].sort((a, b) => b[1] - a[1])
    .map(([code, n]) => [code, CLOSES[code] ?? "", Math.max(0, n - (then.get(code) ?? 0)).toLocaleString(), n.toLocaleString()]);
  fill("disconnects", rows, (row, tr) => { if (row[0] === "4008") tr.className = "warn"; });
}

function nodes(stats) {
  lastRooms = stats.rooms ?? {};
  fill("nodes", Object.entries(stats.nodes).map(([id, n]) => [id + (id === stats.node ? " (this one)" : ""),
    n.activeConnections.toLocaleString(), n.streams.toLocaleString(), n.channels.toLocaleString(),
    Object.entries(n.sendPaths ?? {}).map(([path, count]) => `${path} ${count}`).join(", ") || "—"]));
  fill("channels", Object.entries(lastRooms).sort((a, b) => b[1] - a[1]).slice(0, 10)
    .map(([channel, n]) => [channel, n.toLocaleString()]));
}

function fill(table, rows, decorate = () => {}) {
  const body = $(table).querySelector("tbody");
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    row.forEach((cell) => { const td = document.createElement("td"); td.textContent = cell; tr.append(td); });
    decorate(row, tr);
    return tr;
  }));
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = $(table).querySelectorAll("th").length;
    td.className = "muted";
    td.textContent = "none yet";
    tr.append(td);
    body.append(tr);
  }
}

/** Shows a channel's position and follows its publications; the channel followed before is left. */
async function inspect(channel) {
  if (!channel) return;
  if (inspected && inspected !== channel) client.unsubscribe(inspected);
  inspected = null;
  $("inspect-log").replaceChildren();
  try {
    await describe(channel);
  } catch (error) {
    $("inspection").hidden = true;
    return showInspectError(error.message);
  }
  inspected = channel;
  $("inspect-error").hidden = true;
  client.subscribe(channel, { onEvent: (p) => publication(p) })
    ?.catch?.((error) => showInspectError(`cannot follow ${channel}: ${error.message}`));
}

async function describe(channel) {
  const response = await fetch(new URL(`api/v1/channels/${encodeURIComponent(channel)}`, base),
    { headers: { Authorization: `Bearer ${await session.getToken()}` } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ?? `HTTP ${response.status}`);
  $("inspection").hidden = false;
  $("i-epoch").textContent = body.epoch;
  $("i-offset").textContent = body.offset.toLocaleString();
  $("i-history").textContent = `${body.history.length.toLocaleString()} of ${body.history.size.toLocaleString()}`
    + (body.history.durable ? " (database)" : `, ${body.history.ttlSeconds} s`);
  $("i-subscribers").textContent = `${body.subscribers.total.toLocaleString()} on ${Object.keys(body.subscribers.nodes).length} node(s)`;
}

function showInspectError(message) {
  $("inspect-error").hidden = false;
  $("inspect-error").textContent = message;
}

function publication(p) {
  const item = document.createElement("li");
  item.dataset.offset = p.offset;
  item.textContent = `${new Date().toLocaleTimeString()} #${p.offset} ${p.event ?? ""} ${JSON.stringify(p.data).slice(0, 160)}`;
  $("inspect-log").prepend(item);
  while ($("inspect-log").children.length > 50) $("inspect-log").lastChild.remove();
}

start();
