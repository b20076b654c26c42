// Unit tests of the browser client's reconnection, recovery and fallback logic, with fake transports (no browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterClose, backoffDelay, connect, cursorString, isNew, Status } from "../../main/webapp/js/ordercast.js";

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WebSocket that the test drives: it records frames and answers subscribe/authenticate like the server. */
class FakeSocket {
  static instances = [];
  static behaviour = "accept";
  constructor(url) {
    this.url = String(url);
    this.sent = [];
    this.readyState = 0;
    FakeSocket.instances.push(this);
    setTimeout(() => {
      if (FakeSocket.behaviour === "refuse") {
        this.readyState = 3;
        this.onclose?.({ code: 1006 });
        return;
      }
      this.readyState = 1;
      this.onopen?.();
      this.receive({ type: "connected", sessionId: "s", authenticated: false, heartbeat: 25, expiresIn: -1, protocol: 1 });
    }, 1);
  }
  receive(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  send(text) {
    const frame = JSON.parse(text);
    this.sent.push(frame);
    if (frame.type === "subscribe") {
      const recovered = Boolean(frame.since) && FakeSocket.recoverable;
      this.receive({ type: "reply", id: frame.id, result: { channel: frame.channel, epoch: "e1", offset: 10, recovered,
        publications: recovered ? [{ type: "event", channel: frame.channel, event: "x", epoch: "e1", offset: 10, data: {} }] : [] } });
    } else if (frame.type === "publish" && frame.event === "order.refused") {
      this.receive({ type: "error", id: frame.id, code: "forbidden", message: "publishing needs one of the roles admin, publisher" });
    } else if (frame.type === "publish") {
      this.receive({ type: "reply", id: frame.id, result: { channel: frame.channel, epoch: "e1", offset: 11 } });
    } else if (frame.id) {
      this.receive({ type: "reply", id: frame.id, result: {} });
    }
  }
  close(code = 1000) { this.readyState = 3; this.onclose?.({ code }); }
}

class FakeEventSource {
  static instances = [];
  /** How many streams to refuse before opening: EventSource treats any non-200 answer as final and closes. */
  static refusals = 0;
  constructor(url) {
    this.url = String(url);
    FakeEventSource.instances.push(this);
    this.listeners = {};
    if (FakeEventSource.refusals > 0) {
      FakeEventSource.refusals--;
      setTimeout(() => this.onerror?.({}), 1);
    } else {
      setTimeout(() => this.onopen?.(), 1);
    }
  }
  addEventListener(name, fn) { this.listeners[name] = fn; }
  close() { this.closed = true; }
}

function client(options = {}) {
  return connect({ url: "http://localhost/app/", WebSocketImpl: FakeSocket, EventSourceImpl: FakeEventSource,
    reconnect: { initialDelay: 1, maxDelay: 5 }, fetchImpl: async () => ({ ok: false, status: 503 }), ...options });
}

test("backoff has full jitter under an exponential cap", () => {
  assert.equal(backoffDelay(0, 500, 15000, () => 0.999), 499);
  assert.equal(backoffDelay(3, 500, 15000, () => 0.5), 2000);
  assert.equal(backoffDelay(20, 500, 15000, () => 0.999), 14985);
  assert.equal(backoffDelay(5, 500, 15000, () => 0), 0);
});

test("close codes decide between stopping, reconnecting at once and backing off", () => {
  for (const code of [4001, 1008, 1009]) assert.equal(afterClose(code), "stop");
  for (const code of [4008, 1001, 4000]) assert.equal(afterClose(code), "now");
  for (const code of [4029, 1006, 4002, 4011]) assert.equal(afterClose(code), "backoff");
});

test("cursors serialise for Last-Event-ID and drop duplicates by offset", () => {
  const subscriptions = new Map([["orders", { cursor: { epoch: "a1", offset: 7 } }], ["store:7", { cursor: null }]]);
  assert.equal(cursorString(subscriptions), "orders~a1~7");
  assert.equal(isNew({ epoch: "a1", offset: 7 }, { epoch: "a1", offset: 7 }), false);
  assert.equal(isNew({ epoch: "a1", offset: 7 }, { epoch: "a1", offset: 8 }), true);
  assert.equal(isNew({ epoch: "a1", offset: 7 }, { epoch: "b2", offset: 1 }), true, "a new epoch starts over");
});

test("publish sends a publish frame and settles with the reply's result or the error's code", async () => {
  FakeSocket.instances = [];
  FakeSocket.behaviour = "accept";
  const c = client();
  await tick(5);
  const landed = await c.publish("orders", "order.created", { n: 1 }, { idempotencyKey: "k-1" });
  assert.deepEqual(landed, { channel: "orders", epoch: "e1", offset: 11 });
  const sent = FakeSocket.instances[0].sent.find((f) => f.type === "publish");
  assert.deepEqual({ ...sent, id: undefined }, { type: "publish", channel: "orders", event: "order.created", data: { n: 1 },
    idempotencyKey: "k-1", id: undefined });
  await assert.rejects(c.publish("orders", "order.refused", {}), (e) => e.code === "forbidden");
  assert.equal(FakeSocket.instances[0].sent.filter((f) => f.type === "publish").at(-1).idempotencyKey, undefined);
  c.close();
});

test("after a reconnect every subscription resumes from its cursor", async () => {
  FakeSocket.instances = [];
  FakeSocket.behaviour = "accept";
  FakeSocket.recoverable = true;
  const c = client();
  const seen = [];
  await tick(5);
  await c.subscribe("orders", { onEvent: (p) => seen.push(p.offset) });
  FakeSocket.instances[0].receive({ type: "event", channel: "orders", event: "x", epoch: "e1", offset: 9, data: {} });
  FakeSocket.instances[0].close(4008);
  await tick(20);
  const resubscribe = FakeSocket.instances[1].sent.find((f) => f.type === "subscribe");
  assert.deepEqual(resubscribe.since, { epoch: "e1", offset: 10 }, "the cursor of the last event delivered");
  assert.equal(c.status, Status.CONNECTED);
  c.close();
});

test("an unrecoverable gap calls onResync instead of replaying part of it", async () => {
  FakeSocket.instances = [];
  FakeSocket.behaviour = "accept";
  FakeSocket.recoverable = false;
  const c = client();
  let resynced = 0;
  await tick(5);
  await c.subscribe("orders", { onResync: () => resynced++ });
  FakeSocket.instances[0].close(1001);
  await tick(20);
  assert.equal(resynced, 1);
  c.close();
});

test("onSubscribed runs once the subscription is live, again after each reconnect, and after a resync", async () => {
  FakeSocket.instances = [];
  FakeSocket.behaviour = "accept";
  FakeSocket.recoverable = false;
  const c = client();
  const calls = [];
  try {
    // subscribed before the connection is up: nothing may run until the server has confirmed the subscription
    c.subscribe("orders", { onResync: () => calls.push("resync"), onSubscribed: (r) => calls.push(`subscribed@${r.offset}`) });
    assert.deepEqual(calls, []);
    await tick(5);
    assert.deepEqual(calls, ["subscribed@10"]);
    FakeSocket.instances[0].close(1001);
    await tick(20);
    assert.deepEqual(calls, ["subscribed@10", "resync", "subscribed@10"], "the resync comes first, then the live point");
  } finally {
    c.close();
  }
});

test("authentication failure stops reconnecting", async () => {
  FakeSocket.instances = [];
  FakeSocket.behaviour = "accept";
  const c = client();
  await tick(5);
  FakeSocket.instances[0].close(4001);
  await tick(20);
  assert.equal(c.status, Status.ERROR);
  assert.equal(FakeSocket.instances.length, 1);
  c.close();
});

test("when WebSocket keeps failing the client falls back to SSE with the same channels and cursor", async () => {
  FakeSocket.instances = [];
  FakeEventSource.instances = [];
  FakeSocket.behaviour = "refuse";
  const c = client();
  c.subscriptions.set("orders", { cursor: { epoch: "e1", offset: 42 } });
  await tick(60);
  assert.equal(c.transport, "sse");
  const url = new URL(FakeEventSource.instances.at(-1).url);
  assert.deepEqual(url.searchParams.getAll("channel"), ["orders"]);
  assert.equal(url.searchParams.get("lastEventId"), "orders~e1~42");
  assert.equal(c.status, Status.CONNECTED);
  c.close();
});

test("an SSE stream refused before it opens (a 404 while the server restarts) is opened again from the same cursor", async () => {
  FakeEventSource.instances = [];
  FakeEventSource.refusals = 2;
  const c = client({ transports: ["sse"] });
  c.subscriptions.set("orders", { cursor: { epoch: "e1", offset: 42 } });
  await tick(80);
  assert.ok(FakeEventSource.instances.length >= 3, `opened again (${FakeEventSource.instances.length})`);
  assert.ok(FakeEventSource.instances.slice(0, 2).every((source) => source.closed), "the refused streams were closed");
  const last = new URL(FakeEventSource.instances.at(-1).url);
  assert.equal(last.searchParams.get("lastEventId"), "orders~e1~42");
  assert.equal(c.status, Status.CONNECTED);
  assert.equal(c.transport, "sse");
  c.close();
});
