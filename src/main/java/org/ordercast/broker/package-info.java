/**
 * The broker numbers each publication of a channel, keeps the namespace's bounded history and hands publications
 * to this node, once each, in offset order. Each publication is encoded once; every subscriber gets the same
 * immutable {@link org.ordercast.broker.entity.EncodedMessage}. Fan-out runs on the broker's own threads, never on
 * the publisher's. Durable namespaces keep their publications in the database, written in the producer's
 * transaction (an outbox). Channels are created by publishing or subscribing, never by reading, and forgotten when
 * idle with nothing worth keeping.
 */
package org.ordercast.broker;
