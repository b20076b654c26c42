'use strict';
// Socket.IO 4.8 as the seed gateways use it: a token checked in a middleware, clients join a room, a publication is
// one io.to(room).emit(). Usage: node --expose-gc socketio-server.js [port]
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
server.listen(port(), () => console.log(`socket.io ${version('socket.io')} on ${port()}`));
