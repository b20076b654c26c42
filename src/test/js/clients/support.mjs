// What the client tests share: REST calls with a token, and waiting for an event or a condition.
import assert from 'node:assert/strict';

export const URL = process.env.ORDERCAST_URL;

/** A REST call to the server under test; fails with the status and body unless it succeeds. */
export async function rest(method, path, token, body) {
  const response = await fetch(new globalThis.URL(path, URL), {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The arguments of the socket's next `event`. */
export function next(socket, event, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (...args) => { clearTimeout(timer); resolve(args); });
  });
}

/** Waits until `condition()` holds; fails with `what` after `ms`. */
export async function eventually(condition, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
