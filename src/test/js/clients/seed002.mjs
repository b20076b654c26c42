// Seed 002's dashboard client (its socket set-up and handlers as its documentation writes them, API_URL pointing
// at ordercast) against ordercast's /socket.io/ namespace /realtime. Run by SocketIoContract with ORDERCAST_URL and
// the tokens in the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { URL, eventually, rest } from './support.mjs';

const API_URL = URL.replace(/\/$/, '');
const { MANAGER_TOKEN, OPERATOR_TOKEN, CUSTOMER_TOKEN } = process.env;

function dashboardClient(accessToken) {
  const seen = { success: [], metrics: [], shown: [], errors: [] };
  const updateDashboardMetrics = (data) => seen.metrics.push(data);
  const showNotification = (text) => seen.shown.push(text);
  // ---- the seed's code ----
  const socket = io(`${API_URL}/realtime`, {
    auth: {
      token: accessToken,
    },
    transports: ['websocket', 'polling'],
  });

  socket.on('connection:success', (data) => {
    seen.success.push(data);
  });

  // Subscribe to dashboard
  socket.emit('subscribe:dashboard');

  // Listen for dashboard updates
  socket.on('dashboard:metrics', (data) => {
    updateDashboardMetrics(data);
  });

  socket.on('commission:calculated', (data) => {
    showNotification(`New commission: ${data.commissionAmount} UZS`);
  });
  // ---- end of the seed's code ----
  socket.on('error', (error) => seen.errors.push(error));
  return { socket, seen };
}

test("a manager's dashboard gets metrics and commissions, an operator the job queue", async () => {
  const manager = dashboardClient(MANAGER_TOKEN);
  const operator = io(`${API_URL}/realtime`, { auth: { token: OPERATOR_TOKEN }, transports: ['websocket'] });
  const queue = [];
  operator.onAny((event, data) => queue.push([event, data]));
  try {
    await eventually(() => manager.seen.success.length > 0, 'connection:success');
    assert.equal(manager.seen.success[0].authenticated, true);
    const joined = await manager.socket.timeout(10_000).emitWithAck('subscribe:contract', 'c42');
    assert.equal(joined.subscribed, 'contract:c42');
    const queued = await operator.timeout(10_000).emitWithAck('subscribe:queue');
    assert.equal(queued.subscribed, 'queue');

    await rest('POST', 'api/v1/orders', CUSTOMER_TOKEN,
      { customerName: 'Rt', items: [{ name: 'Tea', price: 2, quantity: 1 }] });
    await eventually(() => manager.seen.metrics.some((m) => 'openOrders' in m), 'dashboard:metrics after an order');

    const job = await rest('POST', 'api/v1/jobs', MANAGER_TOKEN, { type: 'commission.calculate', contractId: 'c42' });
    await eventually(() => manager.seen.shown.some((text) => /^New commission: [0-9.]+ UZS$/.test(text)),
      'the commission notification');
    await eventually(() => queue.some(([event, data]) => event === 'queue:job-completed' && data.jobId === job.jobId),
      'queue:job-completed');
    const progress = queue.filter(([event, data]) => event === 'queue:job-progress' && data.jobId === job.jobId)
      .map(([, data]) => data.progress);
    assert.deepEqual(progress, [0, 20, 40, 60, 80, 100]);
  } finally {
    manager.socket.close();
    operator.close();
  }
});

test('an anonymous dashboard connects but may not subscribe to the dashboard', async () => {
  const anonymous = dashboardClient(undefined);
  try {
    await eventually(() => anonymous.seen.success.length > 0, 'connection:success');
    assert.equal(anonymous.seen.success[0].authenticated, false);
    await eventually(() => anonymous.seen.errors.length > 0, 'an error for subscribe:dashboard');
    assert.match(anonymous.seen.errors[0].message, /not allowed/);
  } finally {
    anonymous.socket.close();
  }
});

test('a bad token gets connect_error', async () => {
  const socket = io(`${API_URL}/realtime`, { auth: { token: 'forged' }, transports: ['websocket'], reconnection: false });
  try {
    const error = await new Promise((resolve) => socket.once('connect_error', resolve));
    assert.match(error.message, /token/);
  } finally {
    socket.close();
  }
});
