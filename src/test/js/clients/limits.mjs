// The limits of /socket.io/ with the official client (socket.io-client 4.8): a socket that floods the server with
// events, sends a packet over maxPayload or with binary, is cut off on either transport, a user past its connections
// is refused, and everyone else keeps being served.
// Run by SocketIoContract:
//   ORDERCAST_URL=... KITCHEN_TOKEN=... SEATED_TOKEN=... PUBLISHER_TOKEN=... MESSAGES_PER_SECOND=50 CONNECTIONS_PER_USER=30 \
//     node --test src/test/js/clients/limits.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { URL, eventually, next, rest } from './support.mjs';

const { KITCHEN_TOKEN, PUBLISHER_TOKEN, SEATED_TOKEN } = process.env;
// the server's ordercast.limits.messages-per-second (a bucket of twice that)
const LIMIT = Number(process.env.MESSAGES_PER_SECOND ?? 50);
// the server's ordercast.limits.connections-per-user
const SEATS = Number(process.env.CONNECTIONS_PER_USER ?? 50);

/** A bystander in room `orders` that must go on hearing new orders while another socket misbehaves. */
async function stillServed(bystander) {
  const tag = Math.random().toString(36).slice(2, 8);
  const heard = next(bystander, 'new_order');
  await rest('POST', 'api/v1/publish', PUBLISHER_TOKEN,
    { channel: 'orders', event: 'order.created', data: { orderId: tag } });
  assert.equal((await heard)[0].orderId, tag);
}

for (const transports of [['websocket'], ['polling']]) {
  test(`a socket flooding events over ${transports} is cut off; others are served`, async () => {
    const bystander = io(URL, { transports: ['websocket'], auth: { token: KITCHEN_TOKEN }, reconnection: false });
    const flood = io(URL, { transports, auth: { token: KITCHEN_TOKEN }, reconnection: false });
    try {
      await Promise.all([next(bystander, 'connect'), next(flood, 'connect')]);
      const gone = next(flood, 'disconnect');
      // past twice the limit at once
      for (let n = 0; n < 10 * LIMIT; n++) {
        flood.emit('leave_order_room', `flood-${n}`);
      }
      const [reason] = await gone;
      assert.match(reason, /transport (close|error)/);
      await stillServed(bystander);
    } finally {
      bystander.close();
      flood.close();
    }
  });

  test(`a packet over maxPayload over ${transports} ends the connection; others are served`, async () => {
    const bystander = io(URL, { transports: ['websocket'], auth: { token: KITCHEN_TOKEN }, reconnection: false });
    const big = io(URL, { transports, auth: { token: KITCHEN_TOKEN }, reconnection: false });
    try {
      await Promise.all([next(bystander, 'connect'), next(big, 'connect')]);
      const gone = next(big, 'disconnect');
      big.emit('join_order_room', 'x'.repeat(1_100_000));
      const [reason] = await gone;
      assert.match(reason, /transport (close|error)/);
      await stillServed(bystander);
      await eventually(() => bystander.connected, 'the bystander stays connected');
    } finally {
      bystander.close();
      big.close();
    }
  });

  test(`an emit with binary over ${transports} ends the session; the client reconnects and is served`, async () => {
    const bystander = io(URL, { transports: ['websocket'], auth: { token: KITCHEN_TOKEN }, reconnection: false });
    const sender = io(URL, { transports, auth: { token: KITCHEN_TOKEN }, reconnectionDelay: 100 });
    try {
      await Promise.all([next(bystander, 'connect'), next(sender, 'connect')]);
      const gone = next(sender, 'disconnect');
      const acked = [];
      sender.emit('join_order_room', Buffer.from('binary-1'), (answer) => acked.push(answer));
      const [reason] = await gone;
      assert.match(reason, /transport (close|error)/);
      await next(sender, 'connect');
      const [answer] = await new Promise((resolve) => sender.emit('join_order_room', 'binary-2', (...a) => resolve(a)));
      assert.equal(answer.orderId, 'binary-2');
      assert.deepEqual(acked, [], 'the binary emit was not taken');
      await stillServed(bystander);
    } finally {
      bystander.close();
      sender.close();
    }
  });
}

test('a user past connections-per-user hears connect_error on either transport; its sockets and others stay', async () => {
  // forceNew: a connection of its own each, not sockets multiplexed over one
  const open = (transports) => io(URL, { transports, auth: { token: SEATED_TOKEN }, reconnection: false, forceNew: true });
  const bystander = io(URL, { transports: ['websocket'], auth: { token: KITCHEN_TOKEN }, reconnection: false });
  const held = [];
  try {
    await next(bystander, 'connect');
    for (let n = 0; n < SEATS; n++) {
      held.push(open(['websocket']));
      await next(held[n], 'connect');
    }
    for (const transports of [['websocket'], ['polling']]) {
      const extra = open(transports);
      try {
        const [error] = await next(extra, 'connect_error');
        assert.match(error.message, /connections-per-user/);
      } finally {
        extra.close();
      }
    }
    assert.ok(held.every((socket) => socket.connected), 'the user\'s other sockets stay connected');
    await stillServed(bystander);

    // a socket that disconnects gives its seat back
    held.shift().close();
    const outcome = (socket) => new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    let connected = false;
    for (let attempt = 0; attempt < 50 && !connected; attempt++) {
      const again = open(['websocket']);
      held.push(again);
      connected = await outcome(again) === 'connected';
      if (!connected) {
        again.close();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    assert.ok(connected, 'a seat given back is taken again');
  } finally {
    bystander.close();
    held.forEach((socket) => socket.close());
  }
});
