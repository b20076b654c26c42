// Seed 001's flow with Node's own WebSocket (the browser API: `new WebSocket(url)`, `send`, `onmessage`) against
// ordercast's envelope protocol at /ws/envelope. Run by EnvelopeContract with ORDERCAST_URL and the tokens in the
// environment (Node 20 needs --experimental-websocket):
//   node --experimental-websocket --test src/test/js/clients/seed001.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { URL, eventually, rest } from './support.mjs';

const { STORE_USER, STORE_TOKEN, COLLEAGUE, COLLEAGUE_TOKEN, OTHER_STORE_TOKEN, CUSTOMER_TOKEN, PUBLISHER_TOKEN, STORE, OTHER_STORE, SEATED_TOKEN, ADMIN_TOKEN, DROPPED_USER, DROPPED_TOKEN, NUMBERED_STORES_TOKEN } = process.env;
// the server's ordercast.limits.connections-per-user
const SEATS = Number(process.env.CONNECTIONS_PER_USER ?? 50);
const run = Math.random().toString(36).slice(2, 8);

/**
 * The seed's client: a native WebSocket that sends `authenticate` once open and keeps every message (the seed's
 * hook keeps the last one as `lastMessage`).
 */
function connect(authenticate) {
  const url = new globalThis.URL('ws/envelope', URL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  const client = { ws, messages: [], closed: null, opened: false };
  ws.onopen = () => {
    client.opened = true;
    if (authenticate) {
      ws.send(JSON.stringify({ type: 'authenticate', data: authenticate }));
    }
  };
  ws.onmessage = (event) => client.messages.push(JSON.parse(event.data));
  ws.onclose = (event) => { client.closed = event.code; client.reason = event.reason; };
  client.of = (type) => client.messages.filter((message) => message.type === type);
  // what the connection did, for a failed wait: opened or not, closed with which code, and every message
  client.state = () => [client.opened ? 'opened' : 'never opened',
    client.closed === null ? 'not closed' : `closed ${client.closed} ${client.reason}`,
    `got ${JSON.stringify(client.messages)}`].join(', ');
  client.await = async (type, count = 1) => {
    await eventually(() => client.of(type).length >= count, () => `${count} ${type}; ${client.state()}`);
    return client.of(type)[count - 1];
  };
  return client;
}

function placeOrder(store) {
  return rest('POST', 'api/v1/orders', CUSTOMER_TOKEN,
    { customerName: `Seed 001 ${run}`, storeId: store, items: [{ name: 'Bagel', price: 3, quantity: 1 }] });
}

test('authenticated, a store user hears ORDER_CREATED for its store and PROFILE_UPDATED for itself, nothing of another store', async () => {
  const mine = connect({ token: STORE_TOKEN, userId: STORE_USER, storeId: STORE });
  const other = connect({ token: OTHER_STORE_TOKEN });
  try {
    const welcome = await mine.await('AUTHENTICATED');
    assert.equal(welcome.data.userId, STORE_USER);
    assert.deepEqual(welcome.data.storeIds, [STORE]);
    assert.ok(welcome.sessionId && welcome.timestamp, JSON.stringify(welcome));
    await other.await('AUTHENTICATED');

    const order = await placeOrder(STORE);
    const created = await mine.await('ORDER_CREATED');
    assert.equal(created.data.orderId, order.id);
    assert.equal(created.storeId, STORE);
    assert.ok(!Number.isNaN(Date.parse(created.timestamp)));

    await rest('POST', 'api/v1/publish', PUBLISHER_TOKEN, {
      channel: `user:${STORE_USER}`, event: 'profile.updated',
      data: { userId: STORE_USER, action: 'profile_updated', profile: { firstName: run }, updatedFields: { firstName: true } },
    });
    const profile = await mine.await('PROFILE_UPDATED');
    assert.equal(profile.userId, STORE_USER);
    assert.equal(profile.data.profile.firstName, run);

    await placeOrder(OTHER_STORE);
    await other.await('ORDER_CREATED');
    assert.equal(mine.of('ORDER_CREATED').length, 1, 'nothing of another store');
    assert.equal(other.of('PROFILE_UPDATED').length, 0, 'nor of another user');
    assert.ok(other.of('ORDER_CREATED').every((message) => message.storeId === OTHER_STORE));

    const colleague = connect({ token: COLLEAGUE_TOKEN });
    const seen = (type) => mine.of(type).some((m) => m.data.userId === COLLEAGUE && m.storeId === STORE);
    await eventually(() => seen('USER_JOINED'), 'USER_JOINED when a colleague of the store connects');
    colleague.ws.close();
    await eventually(() => seen('USER_LEFT'), 'USER_LEFT when it leaves');
    assert.ok(!other.of('USER_JOINED').some((m) => m.data.userId === COLLEAGUE), 'not in another store');
  } finally {
    mine.ws.close();
    other.ws.close();
  }
});

test('a claimed userId is never trusted, a store the token lacks is refused, bad frames get an ERROR and change nothing', async () => {
  const claimed = connect({ userId: STORE_USER, storeId: STORE });
  const wrongStore = connect({ token: OTHER_STORE_TOKEN, storeId: STORE });
  const impostor = connect({ token: OTHER_STORE_TOKEN, userId: STORE_USER });
  const numberedImpostor = connect({ token: OTHER_STORE_TOKEN, userId: 42 });
  const oddStore = connect({ token: STORE_TOKEN, storeId: { id: STORE } });
  try {
    assert.equal((await claimed.await('ERROR')).data.code, 'unauthorized');
    assert.equal((await wrongStore.await('ERROR')).data.code, 'forbidden');
    assert.equal((await impostor.await('ERROR')).data.code, 'forbidden');
    assert.equal((await numberedImpostor.await('ERROR')).data.code, 'forbidden', 'a userId sent as a number is checked');
    assert.equal((await oddStore.await('ERROR')).data.code, 'bad_frame',
      'a storeId neither string nor number is refused, not taken as none (which means all the token\'s stores)');
    claimed.ws.send('not json');
    claimed.ws.send('{"type":"ping","data":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    claimed.ws.send(JSON.stringify({ type: 'custom_action', data: { action: 'test' } }));
    // read leniently, the first is a ping and the second a custom_action (the last of its types)
    claimed.ws.send('{"type":"ping"} {"type":"ping"}');
    claimed.ws.send('{"type":"ping","type":"custom_action"}');
    assert.equal((await claimed.await('ERROR', 6)).data.code, 'bad_frame', 'a key given twice');
    assert.equal(claimed.of('ERROR')[1].data.code, 'bad_frame');
    assert.equal(claimed.of('ERROR')[2].data.code, 'bad_frame', 'nested deeper than the server reads');
    assert.equal(claimed.of('ERROR')[3].data.code, 'unknown_type');
    assert.equal(claimed.of('ERROR')[4].data.code, 'bad_frame', 'more after the frame\'s object');
    assert.match(claimed.of('ERROR')[4].data.message, /not valid JSON: unexpected input at line 1, column \d+$/);
    assert.equal(claimed.of('pong').length, 0, 'neither frame was taken for a ping');
    claimed.ws.send(JSON.stringify({ type: 'ping' }));
    await claimed.await('pong');
    assert.equal(claimed.of('AUTHENTICATED').length + wrongStore.of('AUTHENTICATED').length
      + numberedImpostor.of('AUTHENTICATED').length + oddStore.of('AUTHENTICATED').length, 0);
    const bad = connect({ token: 'not-a-token' });
    await eventually(() => bad.closed !== null, 'a bad token closes the connection');
    assert.equal(bad.closed, 4001);
    assert.match(bad.reason, /authentication failed/);
    const big = connect(null);
    await big.await('GENERAL_NOTIFICATION');
    big.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(70_000) }));
    await eventually(() => big.closed !== null, 'a frame over the size limit closes the connection');
    assert.equal(big.closed, 1009);
  } finally {
    for (const client of [claimed, wrongStore, impostor, numberedImpostor, oddStore]) {
      client.ws.close();
    }
  }
});

test('a store id sent as a number is the store of that name', async () => {
  const numbered = connect({ token: NUMBERED_STORES_TOKEN, storeId: 9 });
  try {
    assert.deepEqual((await numbered.await('AUTHENTICATED')).data.storeIds, ['9'], 'store 9 alone, not also 10');
  } finally {
    numbered.ws.close();
  }
});

test('a client that comes back with the cursor of its last message resumes without a gap', async () => {
  const first = connect({ token: STORE_TOKEN, storeId: STORE });
  const welcome = await first.await('AUTHENTICATED');
  first.ws.close();
  await eventually(() => first.closed !== null, 'closed');
  const placed = [];
  for (let n = 0; n < 5; n++) {
    placed.push((await placeOrder(STORE)).id);
  }
  const back = connect({ token: STORE_TOKEN, storeId: STORE, resume: welcome.cursor });
  try {
    const again = await back.await('AUTHENTICATED');
    assert.equal(again.data.recovered, true);
    await back.await('ORDER_CREATED', 5);
    assert.deepEqual(back.of('ORDER_CREATED').map((message) => message.data.orderId), placed);

    const stale = connect({ token: STORE_TOKEN, storeId: STORE, resume: `store:${STORE}~nosuchepoch~1` });
    assert.equal((await stale.await('AUTHENTICATED')).data.recovered, false);
    stale.ws.close();
  } finally {
    back.ws.close();
  }
});

test('a user past connections-per-user is refused with 4029; its other connections and other users stay', async () => {
  const held = [];
  try {
    for (let n = 0; n < SEATS; n++) {
      held.push(connect({ token: SEATED_TOKEN }));
      await held[n].await('AUTHENTICATED');
    }
    const extra = connect({ token: SEATED_TOKEN });
    await eventually(() => extra.closed !== null, 'the connection past the limit is closed');
    assert.equal(extra.closed, 4029, extra.reason);
    assert.equal(extra.of('AUTHENTICATED').length, 0);
    const bystander = connect({ token: STORE_TOKEN, storeId: STORE });
    await bystander.await('AUTHENTICATED');
    bystander.ws.close();
    assert.ok(held.every((client) => client.closed === null), 'the user\'s other connections stay open');

    // a connection that ends gives its seat back
    held.shift().ws.close();
    let again;
    await eventually(() => {
      if (!again || again.closed !== null) {
        again = connect({ token: SEATED_TOKEN });
      }
      return again.of('AUTHENTICATED').length > 0;
    }, 'a seat given back is taken again');
    held.push(again);
  } finally {
    held.forEach((client) => client.ws.close());
  }
});

test("the seed's statistics count envelope connections, and an administrator's disconnect closes them with 4000", async () => {
  const client = connect({ token: DROPPED_TOKEN });
  try {
    await client.await('AUTHENTICATED');
    const stats = await rest('GET', 'api/v1/websocket/stats', ADMIN_TOKEN);
    assert.ok(stats.data.activeConnections >= 1 && stats.data.totalConnections >= 1, JSON.stringify(stats));
    assert.ok(stats.data.onlineUsers.includes(DROPPED_USER), JSON.stringify(stats));
    assert.equal((await rest('GET', `api/v1/websocket/users/${DROPPED_USER}/online`, ADMIN_TOKEN)).data.online, true);

    const closed = await rest('DELETE', `api/v1/connections?user=${DROPPED_USER}`, ADMIN_TOKEN);
    assert.equal(closed.closed, 1, JSON.stringify(closed));
    await eventually(() => client.closed !== null, 'the connection is closed');
    assert.equal(client.closed, 4000, client.reason);
    assert.equal((await rest('GET', `api/v1/websocket/users/${DROPPED_USER}/online`, ADMIN_TOKEN)).data.online, false);
  } finally {
    client.ws.close();
  }
});
