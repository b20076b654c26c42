// socket.io-client 4.8 behind a load balancer with no sticky sessions, in front of a cluster on Redis: every request
// of a long-polling session lands on another node than the one before, and the session carries on as on one node
// (its acknowledgements, its room's events in order, the pings both ways). Run by ClusterIT:
//   ORDERCAST_URL=<node a> ORDERCAST_OTHER_URLS=<node b>,<node c> POLLING_TOKEN=... DEFAULT_TOKEN=...
//   PUBLISHER_TOKEN=... PING_INTERVAL_MS=... node --test src/test/js/clients/no-sticky.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { URL, eventually, next, rest, roundRobin } from './support.mjs';

const { POLLING_TOKEN, DEFAULT_TOKEN, PUBLISHER_TOKEN } = process.env;
const NODES = [URL, ...process.env.ORDERCAST_OTHER_URLS.split(',')];
const PING_INTERVAL = Number(process.env.PING_INTERVAL_MS);
const run = Math.random().toString(36).slice(2, 8);

/** A client through the balancer; the server's path is the nodes' context path plus `socket.io/`. */
async function connect(balancer, token, options) {
  const { origin, pathname } = new globalThis.URL(balancer.url);
  const socket = io(origin, { path: `${pathname}socket.io/`, auth: { token }, reconnection: false, ...options });
  await next(socket, 'connect');
  return socket;
}

/** Joins the order room `order:<tag>` (acknowledged), then hears its status updates of this tag, by `n`. */
async function follow(socket, tag) {
  const heard = [];
  socket.on('order_status_updated', (update) => update.run === tag && heard.push(update.n));
  const answer = await socket.timeout(10_000).emitWithAck('join_order_room', tag);
  assert.equal(answer.orderId, tag, JSON.stringify(answer));
  return heard;
}

async function publish(tag, count) {
  for (let n = 1; n <= count; n += 1) {
    await rest('POST', 'api/v1/publish', PUBLISHER_TOKEN,
      { channel: `order:${tag}`, event: 'order.status_changed', data: { orderId: tag, run: tag, n } });
  }
}

const upTo = (n) => Array.from({ length: n }, (_, i) => i + 1);

test('a long-polling session carries on while each of its requests lands on the next node', async () => {
  const balancer = await roundRobin(NODES);
  const socket = await connect(balancer, POLLING_TOKEN, { transports: ['polling'] });
  const dropped = [];
  socket.on('disconnect', (reason) => dropped.push(reason));
  const sid = socket.io.engine.id;
  try {
    const tag = `${run}-p`;
    const heard = await follow(socket, tag);
    await publish(tag, 30);
    await eventually(() => heard.length >= 30, () => `30 status updates, heard ${heard.length}`);
    assert.deepEqual(heard, upTo(30), 'every one, once, in order');

    // three ping intervals idle: the server's pings reach the client and its pongs the session, across nodes
    await new Promise((resolve) => setTimeout(resolve, 3 * PING_INTERVAL + 500));
    assert.deepEqual(dropped, [], 'the session was never dropped');
    assert.equal(socket.io.engine.id, sid, 'the same Engine.IO session throughout');
    assert.equal(socket.io.engine.transport.name, 'polling');
    const answer = await socket.timeout(10_000).emitWithAck('join_order_room', `${tag}-2`);
    assert.equal(answer.orderId, `${tag}-2`, 'still acknowledged after the idle time');
    assert.ok(balancer.served.every((requests) => requests >= 3),
      `every node served the session's requests: ${balancer.served}`);
  } finally {
    socket.close();
    balancer.close();
  }
});

test('clients with the default transports hear their room whichever node their upgrade reaches', async () => {
  const balancer = await roundRobin(NODES);
  try {
    // three clients in turn, so that the handshake and the upgrade fall on different nodes each time
    for (const i of [1, 2, 3]) {
      const socket = await connect(balancer, DEFAULT_TOKEN, {});
      const dropped = [];
      socket.on('disconnect', (reason) => dropped.push(reason));
      const sid = socket.io.engine.id;
      try {
        const tag = `${run}-d${i}`;
        const heard = await follow(socket, tag);
        await publish(tag, 10);
        await eventually(() => heard.length >= 10, () => `client ${i}: 10 status updates, heard ${heard.length}`);
        assert.deepEqual(heard, upTo(10), `client ${i}: every one, once, in order`);
        assert.deepEqual(dropped, [], `client ${i} was never dropped`);
        assert.equal(socket.io.engine.id, sid, `client ${i}: the same Engine.IO session throughout`);
      } finally {
        socket.close();
      }
    }
  } finally {
    balancer.close();
  }
});
