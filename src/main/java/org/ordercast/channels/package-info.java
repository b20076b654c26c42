/**
 * Channels: names ({@code namespace} or {@code namespace:id}), per-namespace policies from MicroProfile Config and
 * who may subscribe to or publish on a channel. Numbering, history and fan-out belong to the broker; the local
 * subscribers of a node to the hub.
 */
package org.ordercast.channels;
