/**
 * The WebSocket transport, protocol v1: one endpoint at {@code /ws} that only dispatches; {@code Sessions} owns the
 * connections; each {@code Connection} holds one client's protocol state and a bounded outbound queue with one send
 * in flight, so a slow client is cut off (4008) instead of slowing anyone else. Sends go out as frames built once per
 * publication, through the fastest send path the server offers ({@code sendpath}).
 */
package org.ordercast.realtime;
