// GET /metrics scraped with fetch and read with the Prometheus client's own text-format parser (Python's
// prometheus_client, Debian's python3-prometheus-client), while real clients (Node's WebSocket on /ws) drive the
// figures. Run by
// MetricsContract with the tokens in the environment (Node 20 needs --experimental-websocket):
//   ORDERCAST_URL=... OPERATOR_TOKEN=... CUSTOMER_TOKEN=... PUBLISHER_TOKEN=... MESSAGES_PER_SECOND=... \
//     node --experimental-websocket --test src/test/js/clients/metrics.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { URL, eventually, rest } from './support.mjs';

const { OPERATOR_TOKEN, CUSTOMER_TOKEN, PUBLISHER_TOKEN } = process.env;
// the server's ordercast.limits.messages-per-second (a bucket of twice that)
const LIMIT = Number(process.env.MESSAGES_PER_SECOND ?? 50);
const run = Math.random().toString(36).slice(2, 8);

async function scrape(token = OPERATOR_TOKEN, accept) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  if (accept) {
    headers.Accept = accept;
  }
  return fetch(new globalThis.URL('metrics', URL), { headers });
}

const PARSER = fileURLToPath(new globalThis.URL('./prometheus-samples.py', import.meta.url));

/** The samples of one scrape, as the Prometheus client's parser reads them. */
async function families() {
  const response = await scrape();
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  // Debian's interpreter, where Debian's package puts the parser
  return JSON.parse(execFileSync('/usr/bin/python3', [PARSER], { input: await response.text() }).toString());
}

/** The sum of the samples named `name` whose labels include `labels`; 0 if there is none yet. */
function value(samples, name, labels = {}) {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Scrapes until `done(samples)` holds, or 10 s passed; the last scrape. */
async function until(done) {
  const deadline = Date.now() + 10_000;
  let samples = await families();
  while (!done(samples) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    samples = await families();
  }
  return samples;
}

/** A /ws client (signed in when `token` is given), counting the frames and UTF-8 bytes both ways. */
async function connected(token) {
  const url = new globalThis.URL('ws', URL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) {
    url.searchParams.set('access_token', token);
  }
  const ws = new WebSocket(url);
  const client = { ws, frames: [], events: [], replies: [], errors: [], received: 0, sent: 0, sentBytes: 0 };
  ws.onmessage = (message) => {
    client.received += Buffer.byteLength(message.data);
    const frame = JSON.parse(message.data);
    client.frames.push(frame);
    if (frame.type === 'ping') {
      // as a real client does: a slow step must not cost these clients their connection (4010)
      client.send({ type: 'pong' });
    } else if (frame.type === 'event') {
      client.events.push(frame);
    } else if (frame.type === 'reply') {
      client.replies.push(frame.result);
    } else if (frame.type === 'error') {
      client.errors.push(frame);
    }
  };
  client.send = (frame) => {
    const text = JSON.stringify(frame);
    client.sent += 1;
    client.sentBytes += Buffer.byteLength(text);
    ws.send(text);
  };
  client.code = null;
  const closed = new Promise((resolve) => {
    ws.onclose = (event) => {
      client.code = event.code;
      resolve();
    };
  });
  await Promise.race([new Promise((resolve) => { ws.onopen = resolve; }), closed]);
  return client;
}

/** A /ws client subscribed to `channel`, counting the events it gets. */
async function subscriber(channel, since) {
  const client = await connected();
  client.send({ type: 'subscribe', id: 1, channel, since });
  await eventually(() => client.replies.length === 1, `subscribed to ${channel}`);
  return client;
}

test('only an operator, an admin or the scrape token reads the metrics', async () => {
  assert.equal((await scrape(null)).status, 401);
  assert.equal((await scrape(CUSTOMER_TOKEN)).status, 403);
  const openMetrics = await scrape(OPERATOR_TOKEN, 'application/openmetrics-text; version=1.0.0');
  assert.equal(openMetrics.status, 200);
  assert.match(openMetrics.headers.get('content-type'), /^application\/openmetrics-text/);
  assert.match(await openMetrics.text(), /# EOF\n$/);
});

test('connections, publications, deliveries and their latency move as clients drive them', async () => {
  const channel = 'broadcast';
  const before = await families();
  const clients = await Promise.all([1, 2, 3].map(() => subscriber(channel)));
  try {
    const during = await families();
    assert.ok(value(during, 'ordercast_connections', { transport: 'websocket' }) >= 3, 'three connections open');
    assert.equal(during.find((s) => s.family === 'ordercast_delivery_latency_seconds')?.type ?? 'histogram',
      'histogram');
    for (let n = 1; n <= 5; n++) {
      await rest('POST', 'api/v1/publish', PUBLISHER_TOKEN, { channel, event: 'notification', data: { title: 'metrics', message: run, n } });
    }
    await eventually(() => clients.every((c) => c.events.length === 5), 'every client got the five');
    const after = await families();
    const delta = (name, labels) => value(after, name, labels) - value(before, name, labels);
    assert.equal(delta('ordercast_connects_total', { transport: 'websocket' }), 3, 'three connections opened');
    assert.equal(delta('ordercast_publications_total', { namespace: 'broadcast', source: 'rest' }), 5);
    assert.equal(delta('ordercast_delivery_latency_seconds_count', { transport: 'websocket' }), 15,
      'the latency histogram counts each of the 5 x 3 deliveries once');
    assert.ok(after.every((s) => s.labels.node), 'every figure names its node');

    // what the three clients got and sent, the server counted (at least: it may serve others meanwhile)
    const got = clients.reduce((sum, c) => sum + c.frames.length, 0);
    const gotBytes = clients.reduce((sum, c) => sum + c.received, 0);
    const counted = await until((samples) => value(samples, 'ordercast_frames_sent_total', { transport: 'websocket' })
      - value(before, 'ordercast_frames_sent_total', { transport: 'websocket' }) >= got);
    const moved = (name) => value(counted, name, { transport: 'websocket' }) - value(before, name, { transport: 'websocket' });
    assert.ok(moved('ordercast_frames_sent_total') >= got, `${got} frames sent`);
    assert.ok(moved('ordercast_bytes_sent_total') >= gotBytes, `${gotBytes} bytes sent`);
    assert.ok(moved('ordercast_frames_received_total') >= 3, 'the three subscribe frames received');
    assert.ok(moved('ordercast_bytes_received_total') >= clients.reduce((sum, c) => sum + c.sentBytes, 0),
      'their bytes received');
  } finally {
    clients.forEach((c) => c.ws.close());
  }
});

test('token renewals, refused tokens and a message-rate limit are counted', async () => {
  const before = await families();
  const delta = (after, name, labels) => value(after, name, labels) - value(before, name, labels);

  const refused = await connected('not-a-token');
  await eventually(() => refused.code !== null, 'a connection with an invalid token is closed');
  assert.equal(refused.code, 4001, 'an invalid token in the upgrade closes with 4001');

  const client = await connected();
  try {
    client.send({ type: 'authenticate', id: 1, token: OPERATOR_TOKEN });
    client.send({ type: 'authenticate', id: 2, token: OPERATOR_TOKEN });
    client.send({ type: 'authenticate', id: 3, token: CUSTOMER_TOKEN });
    await eventually(() => client.replies.length === 2 && client.errors.length === 1, 'two answers and a refusal');
    assert.equal(client.errors[0].code, 'forbidden', 'another user\'s token renews nothing');

    // faster than the allowance until the server refuses, one error frame each; at most 32 unanswered at a time:
    // fewer than the suite's outbound queue of 64 (a reader this far behind is a slow consumer), and never the whole
    // second's worth of refusals in a row that would close the connection
    const answered = () => client.replies.length + client.errors.length - 3;
    const limited = () => client.errors.filter((e) => e.code === 'rate_limited').length;
    let sent = 0;
    const deadline = Date.now() + 20_000;
    while (limited() === 0 && sent < 20 * LIMIT) {
      assert.ok(Date.now() < deadline && client.code === null,
        `refused before 20 s (${sent} sent, ${answered()} answered, closed with ${client.code}; last frames `
        + `${JSON.stringify(client.frames.slice(-3))})`);
      while (sent - answered() < Math.min(32, LIMIT / 2) && sent < 20 * LIMIT) {
        client.send({ type: 'pong', id: 100 + sent });
        sent += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await eventually(() => answered() === sent, 'every pong answered');
    assert.ok(limited() >= 1, `some of ${sent} pongs refused`);

    const after = await families();
    assert.equal(delta(after, 'ordercast_connections_refused_total', { reason: 'token' }), 1);
    assert.equal(delta(after, 'ordercast_token_refreshes_total', { transport: 'websocket', outcome: 'renewed' }), 1);
    assert.equal(delta(after, 'ordercast_token_refreshes_total', { transport: 'websocket', outcome: 'refused' }), 1);
    assert.equal(delta(after, 'ordercast_rate_limited_total', { transport: 'websocket', limit: 'messages-per-second' }),
      limited(), 'each refused message counted under its limit');
  } finally {
    client.ws.close();
  }
});

test('a recovery, a close code and a refused origin are counted', async () => {
  const channel = 'broadcast';
  const first = await subscriber(channel);
  const { epoch, offset } = first.replies[0];
  first.ws.close();
  await rest('POST', 'api/v1/publish', PUBLISHER_TOKEN, { channel, event: 'notification', data: { title: 'metrics', message: run } });
  const before = await families();

  const back = await subscriber(channel, { offset, epoch });
  assert.equal(back.replies[0].recovered, true);
  back.ws.close(1000, 'bye');
  const refused = await fetch(new globalThis.URL('api/v1/catalog', URL),
    { headers: { Origin: 'https://elsewhere.example' } });
  assert.equal(refused.status, 403);

  // the server counts a close when it has seen it
  const deadline = Date.now() + 10_000;
  let after = await families();
  const delta = (name, labels) => value(after, name, labels) - value(before, name, labels);
  while (delta('ordercast_disconnects_total', { transport: 'websocket', code: '1000' }) < 1 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await families();
  }
  assert.ok(delta('ordercast_disconnects_total', { transport: 'websocket', code: '1000' }) >= 1, 'closes by code');
  assert.equal(delta('ordercast_recoveries_total', { namespace: 'broadcast', outcome: 'recovered' }), 1);
  assert.ok(delta('ordercast_replayed_total', { namespace: 'broadcast' }) >= 1);
  assert.equal(delta('ordercast_connections_refused_total', { reason: 'origin' }), 1);
});

test('every connection\'s outbound queue is sampled into the queue-depth histogram', async () => {
  const before = await families();
  const clients = await Promise.all([1, 2].map(() => subscriber('broadcast')));
  try {
    const sampled = (samples) => value(samples, 'ordercast_outbound_queue_depth_count', { transport: 'websocket' });
    let after = before;
    const deadline = Date.now() + 10_000;
    while (sampled(after) - sampled(before) < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await families();
    }
    assert.ok(sampled(after) - sampled(before) >= 2, 'both connections sampled');
    assert.ok(value(after, 'ordercast_outbound_queue_depth_bucket', { transport: 'websocket', le: '+Inf' }) >= 2);
  } finally {
    clients.forEach((c) => c.ws.close());
  }
});

test('a Socket.IO session is counted when it opens and when its client closes it', async () => {
  const before = await families();
  const socket = io(new globalThis.URL('realtime', URL).toString(),
    { auth: { token: OPERATOR_TOKEN }, transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => { socket.on('connect', resolve); socket.on('connect_error', reject); });
  socket.disconnect();
  const deadline = Date.now() + 10_000;
  let after = await families();
  const delta = (name, labels) => value(after, name, labels) - value(before, name, labels);
  // by its code: a session of an earlier test ending now (a ping timeout, 4010) must not count here
  const closedByClient = { transport: 'socketio', code: '1000' };
  while (delta('ordercast_disconnects_total', closedByClient) < 1 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await families();
  }
  assert.equal(delta('ordercast_connects_total', { transport: 'socketio' }), 1);
  assert.equal(delta('ordercast_disconnects_total', closedByClient), 1, 'closed once, as closed by its client');
});

/**
 * A /ws client that subscribes to `channel` and then reads nothing: a raw upgrade over TCP, one masked subscribe
 * frame, and the socket paused, so the server's queue for it fills.
 */
async function stalled(channel) {
  const { hostname, port, pathname } = new globalThis.URL('ws', URL);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n`
    + 'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  await new Promise((resolve) => socket.once('data', resolve));
  const payload = Buffer.from(JSON.stringify({ type: 'subscribe', id: 1, channel }));
  const mask = Buffer.from([1, 2, 3, 4]);
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask,
    Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))]);
  socket.write(frame);
  await new Promise((resolve) => setTimeout(resolve, 500));
  socket.pause();
  return socket;
}

test('a subscriber that stops reading is counted under 4008', async () => {
  const channel = 'broadcast';
  const before = await families();
  const slow = await stalled(channel);
  try {
    const pad = 'y'.repeat(200_000);
    let after = before;
    const delta = () => value(after, 'ordercast_disconnects_total', { transport: 'websocket', code: '4008' })
      - value(before, 'ordercast_disconnects_total', { transport: 'websocket', code: '4008' });
    for (let n = 0; n < 600 && delta() < 1; n++) {
      await rest('POST', 'api/v1/publish', PUBLISHER_TOKEN,
        { channel, event: 'notification', data: { title: 'metrics', message: run, pad } });
      if (n % 20 === 19) {
        after = await families();
      }
    }
    assert.equal(delta(), 1, 'the stalled subscriber was closed with 4008, and counted once');
  } finally {
    slow.destroy();
  }
});

test('every figure the Grafana dashboard and the README\'s alerts query is served', async () => {
  const root = new globalThis.URL('../../../../', import.meta.url);
  const dashboard = readFileSync(new globalThis.URL('docs/grafana-ordercast.json', root), 'utf8');
  const readme = readFileSync(new globalThis.URL('README.md', root), 'utf8');
  const queried = new Set([...`${dashboard}\n${readme.slice(readme.indexOf('Alerts worth having'), readme.indexOf('`docs/grafana-ordercast.json` is'))}`
    .matchAll(/ordercast_[a-z_]+/g)].map((m) => m[0]));
  const served = new Set((await families()).map((s) => s.name));
  // the Redis broker's figures exist where it runs (ClusterIT checks them); resyncs once one happened
  const missing = [...queried].filter((name) => !served.has(name) && !/^ordercast_(redis|pubsub|gaps|resyncs)_/.test(name));
  assert.deepEqual(missing, [], 'queried but not served');
});
