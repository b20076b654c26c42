/**
 * {@code /socket.io/}: Engine.IO 4 and Socket.IO 5 for the seeds' existing clients, on HTTP long-polling, WebSocket
 * and the upgrade between them, with the seeds' namespaces and event names mapped onto ordercast's channels (one
 * class per seed dialect, listed in {@code SeedEvents}). Rooms are channels, so a socket follows the same channel
 * rules, limits and cursors as {@code /ws}; connection state recovery is the channels' own, kept by the client.
 * An Engine.IO session lives on the node that opened it, and the other nodes relay its polls there, so that a
 * balancer needs no sticky sessions.
 */
package org.ordercast.socketio;
