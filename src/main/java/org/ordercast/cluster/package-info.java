/**
 * The nodes of a cluster as each node sees them: its own id, the latest figures every other node shared (through
 * the broker, every {@code ordercast.node.share-ms}), and instructions sent to all of them. With the memory broker
 * there is one node and nothing to share.
 */
package org.ordercast.cluster;
