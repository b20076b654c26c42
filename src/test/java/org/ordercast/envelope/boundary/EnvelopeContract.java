package org.ordercast.envelope.boundary;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.NodeTests;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;

/**
 * Seed 001's flow on {@code /ws/envelope}, driven by Node's own WebSocket ({@code src/test/js/clients/seed001.mjs}):
 * authenticate with a token, {@code ORDER_CREATED}, {@code USER_JOINED} / {@code USER_LEFT} for the user's store from a real order, {@code PROFILE_UPDATED}
 * for the user, nothing of another store, errors for claimed identities and bad frames, resume with a cursor,
 * counted in the statistics and closed by an administrator's disconnect.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class EnvelopeContract {

    private final PortableServer server;

    EnvelopeContract(PortableServer server) {
        this.server = server;
    }

    @Test
    void seed001sClientGetsItsStoresAndItsOwnEventsInTheEnvelope() throws Exception {
        NodeTests.run("seed001.mjs", server, Map.ofEntries(
                // Node 20's WebSocket is behind a flag (Node 22 has it without)
                Map.entry("NODE_OPTIONS", "--experimental-websocket"),
                Map.entry("STORE_USER", "sam"),
                Map.entry("STORE", "s7"),
                Map.entry("OTHER_STORE", "s8"),
                Map.entry("STORE_TOKEN", TestTokens.token("sam", List.of("staff"), List.of("s7"))),
                Map.entry("COLLEAGUE", "sue"),
                Map.entry("COLLEAGUE_TOKEN", TestTokens.token("sue", List.of("staff"), List.of("s7"))),
                Map.entry("OTHER_STORE_TOKEN", TestTokens.token("tom", List.of("staff"), List.of("s8"))),
                Map.entry("CUSTOMER_TOKEN", TestTokens.token("cleo", "customer")),
                Map.entry("PUBLISHER_TOKEN", TestTokens.token("svc", "publisher")),
                Map.entry("CONNECTIONS_PER_USER", PortableServer.CONNECTIONS_PER_USER),
                Map.entry("SEATED_TOKEN", TestTokens.token("seb", List.of("staff"), List.of("s7"))),
                Map.entry("ADMIN_TOKEN", TestTokens.token("root", "admin")),
                Map.entry("DROPPED_USER", "dina"),
                Map.entry("DROPPED_TOKEN", TestTokens.token("dina", List.of("staff"), List.of("s7"))),
                Map.entry("NUMBERED_STORES_TOKEN", TestTokens.token("nia", List.of("staff"), List.of("9", "10")))));
    }
}
