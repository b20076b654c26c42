/**
 * The WebSocket transport, protocol v1: one endpoint at {@code /ws} that only dispatches; {@code Sessions} owns the
 * connections; each {@code Connection} holds one client's protocol state and a bounded outbound queue with one send
 * in flight, so a slow client is cut off (4008) instead of slowing anyone else. Where the container is Tyrus, sends
 * go out as pre-framed bytes, several queued frames per write, skipping the per-send idle-timeout bookkeeping of
 * {@code RemoteEndpoint.Async}; elsewhere the portable async remote is used.
 */
package org.ordercast.realtime;
