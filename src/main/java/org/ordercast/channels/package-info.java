/**
 * Channels: names ({@code namespace} or {@code namespace:id}), per-namespace policies from MicroProfile Config, who
 * may subscribe, and the broker that numbers publications per channel and fans them out. Each publication is encoded
 * once; subscribers get the same immutable {@link org.ordercast.channels.entity.EncodedMessage}. Fan-out runs on the
 * broker's own threads, one channel at a time in offset order, never on the publisher's thread. The HTTP fallbacks
 * live here too: the SSE stream is a servlet, because only the servlet's non-blocking output (and, on Payara,
 * Grizzly's write queue) says when bytes were really written, which the slow-consumer cut-off needs; streams and
 * waiting long-polls are registered so that an administrator can end them. Channels are created by publishing or
 * subscribing, never by reading, and forgotten when idle with nothing worth keeping.
 */
package org.ordercast.channels;
