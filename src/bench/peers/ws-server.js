'use strict';
// A plain ws server, the transport's own limit: token checked on the upgrade, a set of subscribers per channel, a
// publication serialised once and sent to each. Usage: node --expose-gc ws-server.js [port]
const {WebSocketServer} = require('ws');
const {verify, httpServer, port, version} = require('./common');

const channels = new Map();
const server = httpServer(({channel, event, data}) => {
  const subscribers = channels.get(channel);
  if (!subscribers) return;
  const frame = JSON.stringify({type: 'event', channel, event, data});
  for (const socket of subscribers) {
    if (socket.readyState === 1) socket.send(frame);
  }
});
const wss = new WebSocketServer({
  server,
  verifyClient: ({req}) => verify(new URL(req.url, 'http://localhost').searchParams.get('token')) !== null,
});
wss.on('connection', (socket) => {
  const joined = new Set();
  socket.send('{"type":"connected"}');
  socket.on('message', (message) => {
    let frame;
    try {
      frame = JSON.parse(message);
    } catch {
      return;
    }
    if (typeof frame.subscribe === 'string') {
      if (!channels.has(frame.subscribe)) channels.set(frame.subscribe, new Set());
      channels.get(frame.subscribe).add(socket);
      joined.add(frame.subscribe);
      socket.send(JSON.stringify({type: 'subscribed', channel: frame.subscribe}));
    }
  });
  socket.on('close', () => joined.forEach((channel) => channels.get(channel).delete(socket)));
});
server.listen(port(), () => console.log(`ws ${version('ws')} on ${port()}`));
