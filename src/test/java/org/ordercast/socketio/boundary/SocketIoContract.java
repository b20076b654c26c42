package org.ordercast.socketio.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;

/**
 * The official {@code socket.io-client} (4.8, from the npm registry) against {@code /socket.io/}: the Node tests in
 * {@code src/test/js/clients/} (the seeds' client code), run against this suite's server with tokens it trusts.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class SocketIoContract {

    private final URL base;

    SocketIoContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void seed000sDashboardFollowsAProcessingRun() throws Exception {
        runNode("seed000.mjs", Map.of("OPERATOR_TOKEN", TestTokens.token("opal", "operator")));
    }

    @Test
    void seed002sDashboardGetsCommissionsMetricsAndTheQueue() throws Exception {
        runNode("seed002.mjs", Map.of(
                "MANAGER_TOKEN", TestTokens.token("mia", "manager"),
                "OPERATOR_TOKEN", TestTokens.token("oli", "operator"),
                "CUSTOMER_TOKEN", TestTokens.token("cy", "customer")));
    }

    @Test
    void seed003sOrderRoomsWorkOverWebSocketPollingAndTheUpgrade() throws Exception {
        runNode("seed003.mjs", Map.of(
                "KITCHEN_TOKEN", TestTokens.token("kim", "kitchen"),
                "CUSTOMER_TOKEN", TestTokens.token("carla", "customer"),
                "OTHER_CUSTOMER_TOKEN", TestTokens.token("olga", "customer"),
                "EXPIRING_TOKEN", TestTokens.expiringIn(Duration.ofSeconds(6), "eve", "kitchen"),
                "ROOMS_LIMIT", PortableServer.SUBSCRIPTIONS_PER_CONNECTION));
    }

    @Test
    void seed004sClientGetsItsEventsInItsEnvelope() throws Exception {
        runNode("seed004.mjs", Map.of(
                "STAFF_USER", "stan",
                "STAFF_TOKEN", TestTokens.token("stan", "staff"),
                "CUSTOMER_TOKEN", TestTokens.token("cory", "customer"),
                "PUBLISHER_TOKEN", TestTokens.token("svc", "publisher")));
    }

    /** Runs one file of Node tests against this suite's server; fails with their output unless all pass. */
    private void runNode(String file, Map<String, String> environment) throws Exception {
        var builder = new ProcessBuilder("node", "--test", "--test-timeout=60000", "src/test/js/clients/" + file)
                .redirectErrorStream(true);
        builder.environment().put("ORDERCAST_URL", base.toString());
        builder.environment().putAll(environment);
        Process node = builder.start();
        String output = readAll(node);
        assertTrue(node.waitFor(2, TimeUnit.MINUTES), "the Node tests finished");
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("# fail 0") && !output.contains("# pass 0"), output);
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
