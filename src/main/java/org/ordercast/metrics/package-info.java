/**
 * {@code GET /metrics}: ordercast's figures in the Prometheus text format (OpenMetrics when the scraper asks), from a
 * bundled Micrometer registry, the same on every server. Labelled by transport, namespace and node, never by channel.
 * And the event log: connections opened, closed and refused, as JSON lines with {@code ordercast.log.format=json}.
 */
package org.ordercast.metrics;
