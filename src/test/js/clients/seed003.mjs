// Seed 003's order-tracking client (socket.io-client 4.8) against ordercast's /socket.io/ endpoint, on each transport
// the client can use. Run by SocketIoContract with ORDERCAST_URL and the tokens in the environment:
//   node --test src/test/js/clients/seed003.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { URL, next, rest } from './support.mjs';

const { KITCHEN_TOKEN, CUSTOMER_TOKEN, OTHER_CUSTOMER_TOKEN, EXPIRING_TOKEN, ROOMS_LIMIT } = process.env;

function placeOrder() {
  return rest('POST', 'api/v1/orders', CUSTOMER_TOKEN,
    { customerName: 'Seed', items: [{ name: 'Tea', price: 2.5, quantity: 1 }] });
}

test('a socket whose token expires is disconnected, and the same token cannot come back', async () => {
  // first, while its token is young: the suite's server has a token grace of 2 s and pings every 2 s; the
  // token lives 6 s
  const socket = io(URL, { transports: ['websocket'], auth: { token: EXPIRING_TOKEN }, reconnection: false });
  try {
    await next(socket, 'connect');
    const [reason] = await next(socket, 'disconnect', 20_000);
    assert.equal(reason, 'transport close');
    socket.connect();
    const [error] = await next(socket, 'connect_error');
    assert.match(error.message, /expired/);
  } finally {
    socket.close();
  }
});

for (const transports of [['websocket'], ['polling'], ['polling', 'websocket']]) {
  test(`kitchen and customer follow an order over ${transports.join(' then ')}`, async () => {
    const kitchen = io(URL, { transports, auth: { token: KITCHEN_TOKEN }, reconnection: false });
    const customer = io(URL, { transports, auth: { token: CUSTOMER_TOKEN }, reconnection: false });
    try {
      await Promise.all([next(kitchen, 'connect'), next(customer, 'connect')]);
      const created = next(kitchen, 'new_order');
      const order = await placeOrder();
      const [announced] = await created;
      assert.equal(announced.orderId, order.id, 'the kitchen hears of the new order');

      const joined = next(customer, 'joined_order_room');
      const ack = await customer.timeout(10_000).emitWithAck('join_order_room', order.id);
      assert.equal(ack.orderId, order.id);
      assert.equal((await joined)[0].orderId, order.id);

      const updated = next(customer, 'order_status_updated');
      await rest('POST', `api/v1/orders/${order.id}/status`, KITCHEN_TOKEN, { status: 'IN_PROGRESS' });
      const [update] = await updated;
      assert.equal(update.orderId, order.id);
      assert.equal(update.status, 'IN_PROGRESS');
      if (transports.length === 2) {
        assert.equal(customer.io.engine.transport.name, 'websocket', 'the client upgraded from polling');
      }
    } finally {
      kitchen.close();
      customer.close();
    }
  });
}

test('a forbidden order room gets an error answer and none of its events', async () => {
  const other = io(URL, { transports: ['websocket'], auth: { token: OTHER_CUSTOMER_TOKEN }, reconnection: false });
  try {
    await next(other, 'connect');
    const order = await placeOrder();
    const answer = await other.timeout(10_000).emitWithAck('join_order_room', order.id);
    assert.ok(answer.error, JSON.stringify(answer));
    let leaked = false;
    other.on('order_status_updated', () => { leaked = true; });
    other.on('new_order', () => { leaked = true; });
    await rest('POST', `api/v1/orders/${order.id}/status`, KITCHEN_TOKEN, { status: 'IN_PROGRESS' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(leaked, false);
  } finally {
    other.close();
  }
});

test('a bad token gets connect_error with a message', async () => {
  const bad = io(URL, { transports: ['websocket'], auth: { token: 'not-a-token' }, reconnection: false });
  try {
    const [error] = await next(bad, 'connect_error');
    assert.match(error.message, /token/);
  } finally {
    bad.close();
  }
});

test('rooms per connection are limited', async () => {
  const socket = io(URL, { transports: ['websocket'], auth: { token: KITCHEN_TOKEN }, reconnection: false });
  try {
    await next(socket, 'connect');
    const limit = Number(ROOMS_LIMIT);
    let refused;
    // the kitchen is in channels orders and processing from the start: two rooms fewer to join
    for (let n = 0; n <= limit && !refused; n++) {
      const answer = await socket.timeout(10_000).emitWithAck('join_order_room', `limit-${n}`);
      if (answer.error) {
        refused = { n, answer };
      }
    }
    assert.ok(refused, 'a join past the limit is refused');
    assert.equal(refused.n, limit - 2);
    assert.match(refused.answer.error, /rooms per connection/);
  } finally {
    socket.close();
  }
});
