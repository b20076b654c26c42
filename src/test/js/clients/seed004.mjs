// Seed 004's client (the OMSWebSocketClient of its documentation, as written but for the URL) against ordercast's
// /socket.io/ namespace /events. Run by SocketIoContract with ORDERCAST_URL and the tokens in the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { URL, eventually, next, rest } from './support.mjs';

const { STAFF_TOKEN, STAFF_USER, CUSTOMER_TOKEN, PUBLISHER_TOKEN, ADMIN_TOKEN, DROPPED_USER, DROPPED_TOKEN } = process.env;
const EVENTS_URL = `${URL.replace(/^http/, 'ws')}events`;

// ---- the seed's client, as written; only the URL changed ----
class OMSWebSocketClient {
  constructor(token) {
    this.socket = io(EVENTS_URL, {
      auth: { token }
    });

    this.setupEventHandlers();
  }

  setupEventHandlers() {
    // Connection events
    this.socket.on('connected', (data) => {
      console.log('Connected to OMS WebSocket:', data);
    });

    this.socket.on('error', (error) => {
      console.error('WebSocket error:', error);
    });

    // Business events
    this.socket.on('order_update', (event) => {
      console.log('Order update received:', event);
      this.handleOrderUpdate(event.data);
    });

    this.socket.on('inventory_update', (event) => {
      console.log('Inventory update received:', event);
      this.handleInventoryUpdate(event.data);
    });

    this.socket.on('user_notification', (event) => {
      console.log('User notification:', event);
      this.handleUserNotification(event.data);
    });
  }

  // Subscribe to order updates
  subscribeToOrders() {
    this.socket.emit('subscribe_to_orders');
  }

  // Subscribe to inventory updates
  subscribeToInventory() {
    this.socket.emit('subscribe_to_inventory');
  }

  // Ping server
  ping() {
    this.socket.emit('ping');
  }

  handleOrderUpdate(data) {
    // Implement your order update UI logic
    if (data.status === 'shipped') {
      this.showNotification(`Order ${data.aliasId} has been shipped!`);
    }
  }

  handleInventoryUpdate(data) {
    // Implement your inventory update UI logic
    if (data.status === 'low_stock') {
      this.showWarning(`Low stock alert for product ${data.productId}`);
    }
  }

  handleUserNotification(data) {
    // Implement your user notification UI logic
    this.showNotification(data.title, data.message);
  }
}
// ---- end of the seed's client ----

/** The seed's client with the UI it leaves to the application: what it would show, and every event it handled. */
class RecordingClient extends OMSWebSocketClient {
  constructor(token) {
    super(token);
    this.shown = [];
    this.handled = [];
  }

  handleOrderUpdate(data) {
    this.handled.push(['order', data]);
    super.handleOrderUpdate(data);
  }

  handleInventoryUpdate(data) {
    this.handled.push(['inventory', data]);
    super.handleInventoryUpdate(data);
  }

  showNotification(...text) {
    this.shown.push(text.join(' '));
  }

  showWarning(text) {
    this.shown.push(text);
  }
}

test("the seed's client gets order, inventory and personal events in the seed's envelope", async () => {
  const client = new RecordingClient(STAFF_TOKEN);
  const raw = [];
  client.socket.onAny((event, payload) => raw.push([event, payload]));
  try {
    client.subscribeToOrders();
    client.subscribeToInventory();
    await eventually(() => raw.some(([event]) => event === 'connected'), 'connected');
    const connected = raw.find(([event]) => event === 'connected')[1];
    assert.equal(connected.userId, STAFF_USER);
    // the subscriptions are acknowledged by the rooms they join; a ping proves they were handled
    const pong = await client.socket.timeout(10_000).emitWithAck('ping');
    assert.ok(pong.timestamp);

    const order = await rest('POST', 'api/v1/orders', CUSTOMER_TOKEN,
      { customerName: 'Oms', items: [{ name: 'Tea', price: 2.5, quantity: 1 }] });
    await eventually(() => client.handled.some(([kind, data]) => kind === 'order' && data.orderId === order.id),
      'order_update for the new order');
    const update = raw.find(([event, payload]) => event === 'order_update' && payload.data.orderId === order.id)[1];
    assert.equal(update.type, 'order_status');
    assert.ok(Date.parse(update.timestamp), update.timestamp);

    const product = `p-${Math.random().toString(36).slice(2, 10)}`;
    await rest('PUT', `api/v1/inventory/${product}`, STAFF_TOKEN, { quantity: 12, threshold: 10, name: 'Flour' });
    await rest('PUT', `api/v1/inventory/${product}`, STAFF_TOKEN, { quantity: 5 });
    await eventually(() => client.shown.includes(`Low stock alert for product ${product}`), 'the low-stock warning');
    const alert = raw.find(([event, payload]) => event === 'inventory_update' && payload.data.productId === product)[1];
    assert.equal(alert.type, 'inventory_update');

    await rest('POST', `api/v1/notifications/users/${STAFF_USER}`, PUBLISHER_TOKEN,
      { title: 'Shift change', message: 'Kitchen closes at ten' });
    await eventually(() => client.shown.includes('Shift change Kitchen closes at ten'), 'the user notification');
    const personal = raw.find(([event]) => event === 'user_notification')[1];
    assert.equal(personal.type, 'user_specific');
    assert.equal(personal.userId, STAFF_USER);
  } finally {
    client.socket.close();
  }
});

test('a customer may not subscribe to every order: error, and no order of others', async () => {
  const client = new RecordingClient(CUSTOMER_TOKEN);
  const errors = [];
  client.socket.on('error', (error) => errors.push(error));
  try {
    client.subscribeToOrders();
    await eventually(() => errors.length > 0, 'an error for subscribe_to_orders');
    assert.match(errors[0].message, /not allowed/);
  } finally {
    client.socket.close();
  }
});

test('without a token the namespace refuses the connection', async () => {
  const socket = io(EVENTS_URL, { reconnection: false });
  try {
    const error = await new Promise((resolve) => socket.once('connect_error', resolve));
    assert.match(error.message, /Authentication required/);
  } finally {
    socket.close();
  }
});

test("the gateway's statistics count the seed's client, and an administrator's disconnect ends it for good", async () => {
  const client = new RecordingClient(DROPPED_TOKEN);
  const online = async () => (await rest('GET', `api/v1/websocket/users/${DROPPED_USER}/online`, ADMIN_TOKEN)).data.online;
  try {
    await next(client.socket, 'connected');
    assert.equal(await online(), true);
    const users = await rest('GET', 'api/v1/websocket/users/online', ADMIN_TOKEN);
    assert.ok(users.data.users.includes(DROPPED_USER), JSON.stringify(users));
    const stats = (await rest('GET', 'api/v1/websocket/stats', ADMIN_TOKEN)).data;
    assert.ok(stats.onlineUsers.includes(DROPPED_USER), JSON.stringify(stats));
    assert.ok(stats.connectedClients >= 1 && stats.authenticatedUsers >= 1, JSON.stringify(stats));
    const health = await rest('GET', 'api/v1/websocket/health', ADMIN_TOKEN);
    assert.ok(health.stats.onlineUsers.includes(DROPPED_USER), JSON.stringify(health));

    const gone = next(client.socket, 'disconnect');
    const closed = await rest('DELETE', `api/v1/connections?user=${DROPPED_USER}`, ADMIN_TOKEN);
    assert.equal(closed.closed, 1, JSON.stringify(closed));
    const [reason] = await gone;
    // the reason after which a Socket.IO client does not reconnect on its own
    assert.equal(reason, 'io server disconnect');
    assert.equal(await online(), false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(client.socket.connected, false, 'the client stays disconnected');
    assert.equal(await online(), false);
  } finally {
    client.socket.close();
  }
});
