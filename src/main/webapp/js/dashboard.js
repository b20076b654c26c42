// The live operations dashboard.
import { connect } from "./ordercast.js";
import { Session } from "./session.js";
import { showConnection } from "./indicator.js";

const $ = (id) => document.getElementById(id);
const session = new Session();
const base = new URL(".", location.href);
const params = new URLSearchParams(location.search);
const orders = new Map();
const throughput = [];
let client;

window.ordercastPageLoadedAt = window.ordercastPageLoadedAt ?? Date.now();

async function start() {
  await session.render($("signin"), () => location.reload());
  const transports = params.get("transports")?.split(",") ?? ["websocket", "sse", "polling"];
  client = connect({ url: base, getToken: (ctx) => session.getToken(ctx), transports,
    reconnect: { initialDelay: 300, maxDelay: 5000 }, failuresBeforeFallback: 2, pollWait: 10 });
  window.ordercast = client;
  window.ordercastSession = session;
  showConnection(client);
  client.on("*", (p) => debug(p));
  client.subscribe("processing", { onEvent: (p) => p.event === "processing.status" && showRun(p.data) });
  if (session.has("operator") || session.has("admin")) {
    client.subscribe("logs", { onEvent: (p) => logLine(p.data) });
    client.subscribe("queue", { onEvent: (p) => job(p) });
  }
  if (["staff", "kitchen", "admin"].some((r) => session.has(r))) {
    $("board-hint").hidden = true;
    // the snapshot once the subscription is live (and again after each reconnect), so no order falls between the two
    client.subscribe("orders", { onEvent: (p) => orderEvent(p), onSubscribed: loadOrders, onResync: loadOrders });
  }
  if (["staff", "admin"].some((r) => session.has(r))) client.subscribe("inventory", { onEvent: (p) => alert(p) });
  if (["manager", "admin"].some((r) => session.has(r))) client.subscribe("dashboard", { onEvent: (p) => metrics(p) });
  if (session.user) client.subscribe(`user:${session.user.user}`, { onEvent: (p) => toast(p) });
  document.querySelectorAll(".operator-only").forEach((e) => { e.hidden = !(session.has("operator") || session.has("admin")); });
  $("pause").onclick = () => control("pause");
  $("resume").onclick = () => control("resume");
  $("start-run").onclick = () => api("api/v1/processing/runs", { orders: Number($("run-orders").value), vipShare: 0.1, ratePerSecond: 5000 });
  $("new-sample").onclick = () => api("api/v1/orders/demo/create-sample", {});
  $("log-level").onchange = () => filterLog();
}

async function api(path, body) {
  const response = await fetch(new URL(path, base), { method: "POST", headers: session.authHeaders(), body: JSON.stringify(body) });
  if (!response.ok) toast({ data: { title: "Request refused", message: (await response.json().catch(() => ({}))).detail ?? response.status } });
  return response;
}

async function control(action) {
  if (client.transport === "websocket") return client.command(`processing.${action}`);
  const status = await (await fetch(new URL("api/v1/processing/status", base))).json();
  return api(`api/v1/processing/runs/${status.runId}/${action}`, {});
}

/** How far along an order is: a snapshot never moves a card back behind what a live event already showed. */
const STAGE = { PENDING: 0, IN_PROGRESS: 1, READY: 2, COMPLETED: 3, CANCELLED: 3 };

/** Merges the newest orders over REST into the board; the snapshot may be older than events already shown. */
async function loadOrders() {
  const response = await fetch(new URL("api/v1/orders?size=200", base), { headers: session.authHeaders() });
  if (!response.ok) return;
  for (const order of await response.json()) {
    const shown = orders.get(order.id);
    if (shown && STAGE[shown.status] > STAGE[order.status]) continue;
    placeCard({ orderId: order.id, aliasId: order.aliasId, status: order.status, items: order.items,
      customerName: order.customerName, estimatedReadyAt: order.estimatedReadyAt });
  }
}

function orderEvent({ event, data }) {
  if (event === "order.created" || event === "order.status_changed" || event === "order.cancelled") placeCard(data);
}

function placeCard(data) {
  const known = orders.get(data.orderId) ?? {};
  const order = { ...known, ...Object.fromEntries(Object.entries(data).filter(([, v]) => v != null)) };
  orders.set(order.orderId, order);
  let card = document.querySelector(`[data-order="${order.orderId}"]`);
  if (!card) {
    card = document.createElement("div");
    card.className = "card";
    card.dataset.order = order.orderId;
  }
  const column = document.querySelector(`.column[data-status="${order.status}"] .cards`);
  if (!column) { card.remove(); return; }
  const eta = order.estimatedReadyAt && order.status !== "COMPLETED"
    ? `ready ≈ ${new Date(order.estimatedReadyAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : "";
  const items = order.items ? `${order.items.reduce((n, i) => n + i.quantity, 0)} items` : "";
  card.innerHTML = `<div class="alias"></div><div class="who"></div><div class="eta"></div>`;
  card.querySelector(".alias").textContent = order.aliasId ?? order.orderId;
  card.querySelector(".who").textContent = [order.customerName, items].filter(Boolean).join(" · ");
  card.querySelector(".eta").textContent = eta;
  const next = { PENDING: "IN_PROGRESS", IN_PROGRESS: "READY", READY: "COMPLETED" }[order.status];
  if (next && ["staff", "kitchen", "admin"].some((r) => session.has(r))) {
    const advance = document.createElement("button");
    advance.textContent = `→ ${next.replace("_", " ").toLowerCase()}`;
    advance.onclick = () => api(`api/v1/orders/${order.orderId}/status`, { status: next });
    card.append(advance);
  }
  column.prepend(card);
}

function showRun(s) {
  $("phase").textContent = s.phase;
  $("progress-fill").style.width = `${s.progress}%`;
  $("progress-value").textContent = `${Math.round(s.progress)}%`;
  $("p-vip").textContent = s.vipCount.toLocaleString();
  $("p-normal").textContent = s.normalCount.toLocaleString();
  $("p-throughput").textContent = `${Math.round(s.throughput).toLocaleString()}/s`;
  $("p-eta").textContent = s.etaSeconds == null ? "—" : `${s.etaSeconds.toFixed(1)} s`;
  $("p-timings").textContent = Object.entries(s.timings ?? {}).map(([p, ms]) => `${p.toLowerCase()} ${ms} ms`).join(" · ");
  throughput.push(s.throughput);
  if (throughput.length > 60) throughput.shift();
  drawChart();
}

function drawChart() {
  const canvas = $("throughput-chart");
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  const max = Math.max(1, ...throughput);
  g.strokeStyle = "#2166d1";
  g.lineWidth = 2;
  g.beginPath();
  throughput.forEach((v, i) => {
    const x = (i / 59) * canvas.width;
    const y = canvas.height - (v / max) * (canvas.height - 4) - 2;
    i === 0 ? g.moveTo(x, y) : g.lineTo(x, y);
  });
  g.stroke();
}

function logLine(line) {
  const item = document.createElement("li");
  item.dataset.level = line.level;
  item.textContent = `${line.timestamp.slice(11, 19)} [${line.level}] ${line.category}: ${line.message}`;
  $("log").prepend(item);
  filterLog();
}

function filterLog() {
  const level = $("log-level").value;
  document.querySelectorAll("#log li").forEach((li) => { li.hidden = Boolean(level) && li.dataset.level !== level; });
}

function alert({ event, data }) {
  const list = $("alerts");
  list.querySelector(".muted")?.remove();
  const item = document.createElement("li");
  item.dataset.status = data.status;
  item.textContent = `${data.productName ?? data.productId}: ${data.status.replace(/_/g, " ")} (${data.quantity} left)`;
  list.prepend(item);
}

function job({ event, data }) {
  if (event === "queue.stats") return;
  const list = $("jobs");
  list.querySelector(".muted")?.remove();
  let item = list.querySelector(`[data-job="${data.jobId}"]`);
  if (!item) {
    item = document.createElement("li");
    item.dataset.job = data.jobId;
    item.innerHTML = `<span class="name"></span><div class="bar-mini"><div></div></div>`;
    list.prepend(item);
  }
  const progress = event === "queue.job_completed" ? 100 : data.progress ?? 0;
  item.querySelector(".name").textContent = `${data.type} · ${event === "queue.job_failed" ? "failed: " + data.error
    : event === "queue.job_completed" ? "done" : progress + "%"}`;
  item.querySelector(".bar-mini div").style.width = `${progress}%`;
}

function metrics({ event, data }) {
  if (event !== "dashboard.metrics") return;
  $("m-revenue").textContent = data.revenue.toLocaleString(undefined, { style: "currency", currency: "USD" });
  $("m-today").textContent = data.ordersToday;
  $("m-open").textContent = data.openOrders;
  $("m-low").textContent = data.lowStockProducts;
  $("m-clients").textContent = data.connectedClients;
}

function toast({ data }) {
  if (!data?.title) return;
  const t = document.createElement("div");
  t.className = "toast";
  t.innerHTML = "<strong></strong><div></div>";
  t.querySelector("strong").textContent = data.title;
  t.querySelector("div").textContent = data.message ?? "";
  $("toasts").append(t);
  setTimeout(() => t.remove(), 6000);
}

function debug(p) {
  const pre = $("debug");
  pre.textContent = `${JSON.stringify(p)}\n${pre.textContent}`.slice(0, 20000);
}

start();
