package org.ordercast.metrics.boundary;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.NodeTests;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;

/**
 * {@code /metrics} on every server, scraped by fetch and read by the Prometheus client's own text-format parser
 * (Python's prometheus_client; {@code src/test/js/clients/metrics.mjs}) while WebSocket clients drive the figures:
 * who may read it, OpenMetrics on request, connections, publications, deliveries and the latency histogram's count,
 * a recovery, a close by code, a refused origin, a subscriber that stops reading closed and counted under 4008, frames and bytes both ways, token renewals and
 * refusals, a message-rate limit.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class MetricsContract {

    private final PortableServer server;

    MetricsContract(PortableServer server) {
        this.server = server;
    }

    @Test
    void theFiguresMoveAsClientsDriveThem() throws Exception {
        NodeTests.run("metrics.mjs", server, Map.of(
                "NODE_OPTIONS", "--experimental-websocket",
                "MESSAGES_PER_SECOND", PortableServer.MESSAGES_PER_SECOND,
                "OPERATOR_TOKEN", TestTokens.token("opie", "operator"),
                "CUSTOMER_TOKEN", TestTokens.token("cass", "customer"),
                "PUBLISHER_TOKEN", TestTokens.token("svc", "publisher")));
    }
}
