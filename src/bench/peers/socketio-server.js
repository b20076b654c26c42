'use strict';
// Socket.IO 4.8 as the seed gateways use it: a token checked in a middleware, clients join a room, a publication is
// one io.to(room).emit(). With REDIS_URL set, several of these processes share rooms through @socket.io/redis-adapter
// (the adapter the seeds plan for several instances). Usage: [REDIS_URL=redis://...] node --expose-gc socketio-server.js [port]
const {Server} = require('socket.io');
const {verify, httpServer, port, version} = require('./common');

let io;
const server = httpServer(({channel, event, data}) => io.to(channel).emit(event, data));
io = new Server(server, {serveClient: false});
io.use((socket, next) => (verify(socket.handshake.auth && socket.handshake.auth.token)
  ? next() : next(new Error('unauthorized'))));
io.on('connection', (socket) => {
  socket.on('subscribe', (room, ack) => {
    socket.join(room);
    if (typeof ack === 'function') ack({room});
  });
});

async function start() {
  if (process.env.REDIS_URL) {
    const {createClient} = require('redis');
    const {createAdapter} = require('@socket.io/redis-adapter');
    const pub = createClient({url: process.env.REDIS_URL});
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
  }
  server.listen(port(), () => console.log(`socket.io ${version('socket.io')} on ${port()}`
    + (process.env.REDIS_URL ? ` with the Redis adapter on ${process.env.REDIS_URL}` : '')));
}

start().catch((error) => {
  console.error(error);
  process.exit(1);
});
