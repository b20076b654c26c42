// Follows one order (track.html?order=<id>): the snapshot once the subscription is live, then every change.
import { connect } from "./ordercast.js";
import { Session } from "./session.js";

const $ = (id) => document.getElementById(id);
const session = new Session();
const id = new URLSearchParams(location.search).get("order");
const steps = ["PENDING", "IN_PROGRESS", "READY", "COMPLETED"];
let shown = -1;

function hint(text) {
  $("track-hint").textContent = text;
  $("track-hint").hidden = !text;
}

function show(order, snapshot = false) {
  const at = steps.indexOf(order.status);
  const stage = order.status === "CANCELLED" ? steps.length : at;
  if (snapshot && stage < shown) return;   // a snapshot older than an event already shown
  shown = Math.max(shown, stage);
  hint("");
  $("alias").textContent = order.aliasId ?? id;
  $("cancelled").hidden = order.status !== "CANCELLED";
  document.querySelectorAll("#timeline li").forEach((li, i) => li.classList.toggle("done", i <= at));
  $("eta").textContent = order.estimatedReadyAt ? `Estimated ready at ${new Date(order.estimatedReadyAt).toLocaleTimeString()}` : "";
}

async function load() {
  const response = await fetch(`api/v1/orders/${encodeURIComponent(id)}`, { headers: session.authHeaders() });
  if (response.ok) return show(await response.json(), true);
  hint(response.status === 404 ? `There is no order ${id}.` : response.status === 403
    ? `Order ${id} belongs to someone else: sign in as its customer or as staff.` : `The order could not be loaded (HTTP ${response.status}).`);
}

await session.render($("signin"), () => location.reload());
if (!id) {
  hint("Open this page with the order to follow: track.html?order=<order id>.");
} else if (!session.user) {
  hint("Sign in (top right) as the order's customer or as staff to follow this order.");
} else {
  const client = connect({ getToken: (ctx) => session.getToken(ctx) });
  client.onStatus(({ status }) => { $("connection").dataset.status = status; $("status").textContent = status; });
  // the snapshot once the subscription is live, so no change falls between the two
  client.subscribe(`order:${id}`, { onEvent: (p) => show({ ...p.data, aliasId: p.data.aliasId }), onSubscribed: load,
    onResync: load }).catch((e) => hint(`This order cannot be followed: ${e.message}`));
}
