// The kitchen test client: connect, join and leave order rooms, sample orders and the kitchen simulation.
import { connect } from "./ordercast.js";
import { Session } from "./session.js";

const $ = (id) => document.getElementById(id);
const session = new Session();
let client;
const log = (text) => { const li = document.createElement("li"); li.textContent = `${new Date().toLocaleTimeString()} ${text}`; $("log").prepend(li); };
const post = async (path) => { const r = await fetch(path, { method: "POST", headers: session.authHeaders() }); log(`${path}: HTTP ${r.status}`); };
/** The order id typed in, or null (with a line in the log) when there is none or no connection to use it on. */
const room = () => {
  const id = $("order-id").value.trim();
  if (!client) { log("connect first, then join or leave an order room"); return null; }
  if (!id) { log("type an order id first"); return null; }
  return id;
};
await session.render($("signin"), () => location.reload());
$("connect").onclick = () => {
  client?.close();
  client = connect({ getToken: (ctx) => session.getToken(ctx) });
  client.onStatus(({ status, transport }) => { $("connection").dataset.status = status; $("status").textContent = status; log(`${status} (${transport})`); });
  client.on("*", (p) => log(`${p.channel} ${p.event}: ${p.data.aliasId ?? ""} ${p.data.status ?? ""}`));
  client.subscribe("orders").catch((e) => log(`orders: ${e.message}`));
};
$("disconnect").onclick = () => { client?.close(); client = null; };
$("join").onclick = async () => {
  const id = room();
  if (!id) return;
  try { await client.subscribe(`order:${id}`); log(`joined order room ${id}`); } catch (e) { log(`order ${id}: ${e.message}`); }
};
$("leave").onclick = async () => {
  const id = room();
  if (!id) return;
  try { await client.unsubscribe(`order:${id}`); log(`left order room ${id}`); } catch (e) { log(`order ${id}: ${e.message}`); }
};
$("samples").onclick = () => post("api/v1/orders/demo/create-sample");
$("simulate").onclick = () => post("api/v1/orders/simulate/kitchen-workflow");
