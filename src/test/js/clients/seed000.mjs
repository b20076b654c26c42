// Seed 000's processing dashboard (its socket set-up and status handler as its documentation writes them, the URL
// changed, a token added for the commands) against ordercast's /socket.io/ default namespace. Run by
// SocketIoContract with ORDERCAST_URL and the tokens in the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { eventually } from './support.mjs';

const backendUrl = process.env.ORDERCAST_URL;
const { OPERATOR_TOKEN } = process.env;

function dashboard(auth) {
  let status;
  const seen = { progress: [], log: [] };
  // ---- the seed's code ----
  const socket = io(backendUrl, {
    transports: ['websocket', 'polling'],
    timeout: 5000,
    auth,
  });
  socket.on('status', (data) => {
    if (data && typeof data === 'object' && 'phase' in data) {
      status = data;
    }
  });
  // ---- end of the seed's code ----
  socket.on('progress', (data) => seen.progress.push(data));
  socket.on('log', (data) => seen.log.push(data));
  return { socket, seen, status: () => status };
}

test("a processing run reaches the seed's dashboard as status, progress and log events", async () => {
  const operator = dashboard({ token: OPERATOR_TOKEN });
  const viewer = dashboard(undefined);
  try {
    await eventually(() => operator.socket.connected && viewer.socket.connected, 'both connected');
    // one run at a time on the server: another test's run may still be finishing
    let response;
    let body;
    for (let attempt = 0; attempt < 100; attempt++) {
      response = await fetch(new URL('api/v1/processing/runs', backendUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OPERATOR_TOKEN}` },
        body: JSON.stringify({ orders: 3000, vipShare: 0.1, ratePerSecond: 3000 }),
      });
      body = await response.text();
      if (response.status !== 409) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(response.status, 202, body);
    const { runId } = JSON.parse(body);
    await eventually(() => operator.status()?.runId === runId && operator.status().phase === 'COMPLETED',
      'the operator saw the run complete', 30_000);
    await eventually(() => viewer.status()?.runId === runId && viewer.status().phase === 'COMPLETED',
      'an anonymous viewer saw it too', 30_000);
    // status and progress are two events, two frames: the last progress may follow the COMPLETED status
    await eventually(() => operator.seen.progress.some((p) => p.progress === 100),
      'the operator saw progress reach 100');
    assert.ok(operator.seen.log.length > 0, 'the operator reads the run log');
    assert.equal(viewer.seen.log.length, 0, 'the log is for operators only');

    const answer = await operator.socket.timeout(10_000).emitWithAck('getStatus');
    assert.equal(answer.runId, runId);
    const refused = await viewer.socket.timeout(10_000).emitWithAck('pause');
    assert.equal(refused.code, 'forbidden', JSON.stringify(refused));

    const late = dashboard(undefined);
    try {
      await eventually(() => late.status()?.runId === runId, 'a client connecting later gets the status at once');
    } finally {
      late.socket.close();
    }
  } finally {
    operator.socket.close();
    viewer.socket.close();
  }
});
