/**
 * Channels: names ({@code namespace} or {@code namespace:id}), per-namespace policies from MicroProfile Config, who
 * may subscribe, and the broker that numbers publications per channel and fans them out. Each publication is encoded
 * once; subscribers get the same immutable {@link org.ordercast.channels.entity.EncodedMessage}. Fan-out runs on the
 * broker's own threads, one channel at a time in offset order, never on the publisher's thread.
 */
package org.ordercast.channels;
