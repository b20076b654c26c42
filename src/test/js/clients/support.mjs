// What the client tests share: REST calls with a token, and waiting for an event or a condition.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';

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

/**
 * Waits until `condition()` holds; fails after `ms` with `what`, or with what `what()` says then when it is a
 * function (the state at the deadline, not at the call).
 */
export async function eventually(condition, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() >= deadline) {
      assert.fail(typeof what === 'function' ? what() : what);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A TCP relay in front of the server, standing for a load balancer with no sticky sessions: `cut()` drops every
 * connection without a close frame and refuses new ones, `restore(target)` lets them through again, to the same
 * node or another one.
 */
export async function relay(target) {
  const connections = new Set();
  let to = new globalThis.URL(target);
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(to.port), to.hostname);
    const end = () => {
      client.destroy();
      upstream.destroy();
      connections.delete(client);
    };
    connections.add(client);
    client.on('error', end).on('close', end).pipe(upstream);
    upstream.on('error', end).on('close', end).pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new globalThis.URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(server.address().port);
  return {
    url: url.toString(),
    cut() {
      open = false;
      for (const connection of connections) {
        connection.destroy();
      }
    },
    restore(next = target) {
      to = new globalThis.URL(next);
      open = true;
    },
    close() {
      this.cut();
      server.close();
    },
  };
}

/**
 * A load balancer with no sticky sessions in front of several nodes: each HTTP request, and each WebSocket upgrade,
 * goes to the next node in turn, whatever session it belongs to. `served[i]` counts what node `i` got.
 */
export async function roundRobin(targets) {
  const nodes = targets.map((target) => new globalThis.URL(target));
  const served = nodes.map(() => 0);
  let turn = 0;
  const pick = () => {
    const i = turn++ % nodes.length;
    served[i] += 1;
    return nodes[i];
  };
  const sockets = new Set();
  const server = http.createServer((request, response) => {
    const node = pick();
    const upstream = http.request({
      host: node.hostname, port: node.port, method: request.method, path: request.url, headers: request.headers,
    }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, client, head) => {
    const node = pick();
    const upstream = net.connect(Number(node.port), node.hostname, () => {
      let lines = `${request.method} ${request.url} HTTP/1.1\r\n`;
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        lines += `${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}\r\n`;
      }
      upstream.write(`${lines}\r\n`);
      upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new globalThis.URL(targets[0]);
  url.hostname = '127.0.0.1';
  url.port = String(server.address().port);
  return {
    url: url.toString(),
    served,
    close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      server.close();
    },
  };
}
