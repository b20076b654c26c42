/**
 * The WebSocket transport, protocol v1: one endpoint at {@code /ws} that only dispatches; {@code Sessions} owns the
 * connections; each {@code Connection} holds one client's protocol state and a bounded outbound queue with one send
 * in flight, so a slow client is cut off (4008) instead of slowing anyone else. Sends go out as frames built once per
 * publication: on Payara straight into Grizzly's write queue ({@code GrizzlyTransport}), else through Tyrus's
 * protocol handler ({@code TyrusTransport}), else through the portable async remote; each server-specific path is
 * found by reflection at run time and falls back to the next. {@code IdleTimeoutBypass} stops Tyrus re-scheduling
 * an idle-timeout task on every received message, which the heartbeat makes unnecessary.
 */
package org.ordercast.realtime;
