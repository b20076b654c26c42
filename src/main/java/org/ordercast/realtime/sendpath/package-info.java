/**
 * The server-specific WebSocket send paths, each found by reflection at run time and falling back to the next:
 * on Payara straight to Grizzly's socket and write queue ({@code GrizzlyTransport}), else through Tyrus's protocol
 * handler ({@code TyrusTransport}), else the portable async remote. {@code IdleTimeoutBypass} stops Tyrus scheduling an
 * idle-timeout task for every new session and every received message, which the heartbeat makes unnecessary;
 * {@code WriteBacklog} reads Grizzly's write queue behind a servlet response for the SSE stream; {@code QueryTokens}
 * lets a Tyrus session forget the bearer token of its upgrade's query once the endpoint has read it;
 * {@code PlainUpgrade} upgrades a request on Payara with Tyrus's handler made by its constructor, not through CDI,
 * and that handler's connection ({@code SettledClose}) is released only once the upgrade's request is done with;
 * {@code ClosedReadQueue} keeps Grizzly from making a read queue for each connection of the Grizzly path as it closes;
 * {@code EndpointInstanceView} has Tyrus make, at a session's open, the view of its endpoint instances it iterates at the
 * close.
 */
package org.ordercast.realtime.sendpath;
