// Socket.IO's connection state recovery (socket.io-client 4.8) against ordercast: a client cut off while events are
// published to its rooms gets every one when it comes back, in order, with `socket.recovered`; on the same node, or
// on another one when ORDERCAST_OTHER_URL names it (a cluster on Redis); away longer than a room's history, it hears
// `recovered === false` and nothing of that gap. Run by SocketIoContract and ClusterIT:
//   ORDERCAST_URL=... KITCHEN_TOKEN=... PUBLISHER_TOKEN=... node --test src/test/js/clients/recovery.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { URL, eventually, next, relay, rest } from './support.mjs';

const { KITCHEN_TOKEN, PUBLISHER_TOKEN } = process.env;
const OTHER = process.env.ORDERCAST_OTHER_URL ?? URL;
const run = Math.random().toString(36).slice(2, 8);

function publish(channel, event, data) {
  return rest('POST', 'api/v1/publish', PUBLISHER_TOKEN, { channel, event, data });
}

/**
 * The kitchen's client behind the relay, reconnecting quickly; it is in room `orders` from the start. A server
 * under a context path (a cluster node) has its endpoint at `<path>socket.io/`.
 */
async function kitchen(proxy) {
  const { origin, pathname } = new globalThis.URL(proxy.url);
  const socket = io(origin, {
    path: `${pathname}socket.io/`, transports: ['websocket'], auth: { token: KITCHEN_TOKEN },
    reconnectionDelay: 100, reconnectionDelayMax: 500,
  });
  await next(socket, 'connect');
  return socket;
}

/** What the socket hears of this run: new orders and status updates, by their `n`. */
function listen(socket, tag) {
  const heard = { orders: [], statuses: [] };
  socket.on('new_order', (order) => order.run === tag && heard.orders.push(order.n));
  socket.on('order_status_updated', (update) => update.run === tag && heard.statuses.push(update.n));
  return heard;
}

const upTo = (n) => Array.from({ length: n }, (_, i) => i + 1);

test('a client that got no event yet recovers the 200 orders published while it was away', async () => {
  const proxy = await relay(URL);
  const socket = await kitchen(proxy);
  const tag = `${run}-a`;
  const heard = listen(socket, tag);
  try {
    const gone = next(socket, 'disconnect');
    proxy.cut();
    await gone;
    for (const n of upTo(200)) {
      await publish('orders', 'order.created', { orderId: `${tag}-${n}`, run: tag, n });
    }
    const back = next(socket, 'connect', 20_000);
    proxy.restore(OTHER);
    await back;
    assert.equal(socket.recovered, true, 'recovered from the cursor its pid carries');
    await eventually(() => heard.orders.length >= 200, () => `200 orders, got ${heard.orders.length}`);
    assert.deepEqual(heard.orders, upTo(200), 'all of them, once each, in order');
  } finally {
    socket.close();
    proxy.close();
  }
});

test('a client in two rooms recovers from the offset of the last event it got', async () => {
  const proxy = await relay(URL);
  const socket = await kitchen(proxy);
  const tag = `${run}-b`;
  const room = `order:${tag}`;
  const heard = listen(socket, tag);
  try {
    const answer = await socket.timeout(10_000).emitWithAck('join_order_room', tag);
    assert.equal(answer.orderId, tag, JSON.stringify(answer));
    await publish(room, 'order.status_changed', { orderId: tag, run: tag, n: 0 });
    await eventually(() => heard.statuses.length === 1, 'the first status update');

    const gone = next(socket, 'disconnect');
    proxy.cut();
    await gone;
    // 200 events in all: 80 status updates (within the order room's history of 100) and 120 new orders
    let statuses = 0;
    let orders = 0;
    for (const n of upTo(200)) {
      await (n % 5 < 2 ? publish(room, 'order.status_changed', { orderId: tag, run: tag, n: ++statuses })
        : publish('orders', 'order.created', { orderId: `${tag}-${n}`, run: tag, n: ++orders }));
    }
    const back = next(socket, 'connect', 20_000);
    proxy.restore(OTHER);
    await back;
    assert.equal(socket.recovered, true);
    await eventually(() => heard.orders.length >= orders && heard.statuses.length > statuses,
      () => `${orders} orders and ${statuses} statuses, got ${heard.orders.length} and ${heard.statuses.length - 1}`);
    assert.deepEqual(heard.orders, upTo(orders));
    assert.deepEqual(heard.statuses, [0, ...upTo(statuses)]);

    await publish(room, 'order.status_changed', { orderId: tag, run: tag, n: 'live' });
    await eventually(() => heard.statuses.at(-1) === 'live', 'the room is still joined after the recovery');
  } finally {
    socket.close();
    proxy.close();
  }
});

test('away longer than a room keeps its history, a client reconnects with recovered false and no partial replay',
  async () => {
    const proxy = await relay(URL);
    const socket = await kitchen(proxy);
    const tag = `${run}-c`;
    const room = `order:${tag}`;
    const heard = listen(socket, tag);
    try {
      await socket.timeout(10_000).emitWithAck('join_order_room', tag);
      const gone = next(socket, 'disconnect');
      proxy.cut();
      await gone;
      // an order room keeps its last 100 publications
      for (const n of upTo(120)) {
        await publish(room, 'order.status_changed', { orderId: tag, run: tag, n });
      }
      await publish('orders', 'order.created', { orderId: tag, run: tag, n: 1 });
      const back = next(socket, 'connect', 20_000);
      proxy.restore(OTHER);
      await back;
      assert.equal(socket.recovered, false);
      await publish(room, 'order.status_changed', { orderId: tag, run: tag, n: 'live' });
      await eventually(() => heard.statuses.includes('live'), 'the room counts from now on');
      assert.deepEqual(heard.statuses, ['live'], 'nothing of the gap, not even the part the history holds');
      assert.deepEqual(heard.orders, [], 'nor of the other room');
    } finally {
      socket.close();
      proxy.close();
    }
  });
