/**
 * {@code GET /metrics}: ordercast's figures in the Prometheus text format (OpenMetrics when the scraper asks), from a
 * bundled Micrometer registry, the same on every server. Labelled by transport, namespace and node, never by channel.
 */
package org.ordercast.metrics;
