// WebSockets ended the moment they open, by the client (a close frame, or the socket dropped) or by the server (a
// Socket.IO upgrade of a session it does not hold, a token it refuses), while other clients go on with Socket.IO
// long-polling sessions: every one of those is served, every poll and acknowledgement answered. On Payara such a
// close was once handled while the upgrade's request was still being served, and the container recycled that
// request twice: later requests shared it, and polls were refused, answered with an error page, or never answered.
// Run by UpgradeContract:
//   ORDERCAST_URL=... QUICK_TOKEN=... POLLING_TOKEN=... node --test src/test/js/clients/early-close.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { URL } from './support.mjs';

const { QUICK_TOKEN, POLLING_TOKEN } = process.env;
const SECONDS = Number(process.env.EARLY_CLOSE_SECONDS ?? 8);

function webSocketUrl(path) {
  const url = new globalThis.URL(path, URL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Opens a WebSocket and, once it is open, ends it `how`; resolves with how it ended, or `stuck` after 10 s. */
function openAndEnd(path, token, how) {
  return new Promise((resolve) => {
    const socket = new WebSocket(webSocketUrl(path), { headers: { Authorization: `Bearer ${token}` } });
    const stuck = setTimeout(() => {
      socket.terminate();
      resolve('stuck');
    }, 10_000);
    socket.on('close', () => clearTimeout(stuck));
    socket.on('open', () => {
      if (how === 'close') {
        socket.close(1000);
      } else if (how === 'drop') {
        socket.terminate();
      }
    });
    socket.on('close', (code) => resolve(`closed ${code}`));
    socket.on('error', (error) => resolve(`error ${error.message}`));
    socket.on('unexpected-response', (request, response) => {
      request.destroy();
      resolve(`refused ${response.statusCode}`);
    });
  });
}

const endings = [
  { name: 'the client closes', path: 'ws', token: () => QUICK_TOKEN, how: 'close' },
  { name: 'the client drops the socket', path: 'ws', token: () => QUICK_TOKEN, how: 'drop' },
  {
    name: 'the server closes an upgrade of a session it does not hold',
    path: 'socket.io/?EIO=4&transport=websocket&sid=unknown.0123456789abcdef',
    token: () => QUICK_TOKEN,
    how: 'wait',
  },
  { name: 'the server refuses the token', path: 'ws', token: () => 'not-a-token', how: 'wait' },
];

/** One Socket.IO long-polling session: connects, joins a room (acknowledged), and disconnects. */
async function pollingSession(tag) {
  const socket = io(URL, {
    path: `${new globalThis.URL(URL).pathname}socket.io/`,
    transports: ['polling'],
    auth: { token: POLLING_TOKEN },
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  try {
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const answer = await socket.timeout(5_000).emitWithAck('join_order_room', tag);
    assert.equal(answer.orderId, tag, JSON.stringify(answer));
  } finally {
    socket.close();
  }
}

test('WebSockets ended as they open cost the long-polling clients beside them nothing', { timeout: 120_000 }, async (t) => {
  const deadline = Date.now() + SECONDS * 1000;
  const ended = new Map(endings.map((ending) => [ending.name, new Map()]));
  const failures = [];
  let served = 0;

  const early = endings.map(async (ending) => {
    while (Date.now() < deadline) {
      const outcome = await openAndEnd(ending.path, ending.token(), ending.how);
      const counts = ended.get(ending.name);
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      if (outcome === 'stuck') {
        failures.push(`${ending.name}: the WebSocket was not closed within 10 s`);
      }
    }
  });
  const polling = [1, 2, 3].map(async (loop) => {
    for (let n = 0; Date.now() < deadline; n += 1) {
      try {
        await pollingSession(`early-${loop}-${n}`);
        served += 1;
      } catch (error) {
        failures.push(`session ${loop}-${n}: ${error.message}`);
      }
    }
  });
  await Promise.all([...early, ...polling]);

  const summary = [...ended].map(([name, counts]) => `${name}: ${JSON.stringify(Object.fromEntries(counts))}`);
  t.diagnostic(`${served} long-polling sessions; ${summary.join('; ')}`);
  assert.deepEqual(failures, [], `every long-polling session was served and every WebSocket ended (${served} were; ${summary.join('; ')})`);
  assert.ok(served > 0, 'long-polling sessions ran');
  for (const [name, counts] of ended) {
    assert.ok([...counts.keys()].some((outcome) => outcome.startsWith('closed')),
      `${name}: WebSockets were opened and ended (${JSON.stringify(Object.fromEntries(counts))})`);
  }
});
