package org.ordercast.envelope.boundary;

import java.net.URL;
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
 * for the user, nothing of another store, errors for claimed identities and bad frames, resume with a cursor.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class EnvelopeContract {

    private final URL base;

    EnvelopeContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void seed001sClientGetsItsStoresAndItsOwnEventsInTheEnvelope() throws Exception {
        NodeTests.run("seed001.mjs", base, Map.of(
                // Node 20's WebSocket is behind a flag (Node 22 has it without)
                "NODE_OPTIONS", "--experimental-websocket",
                "STORE_USER", "sam",
                "STORE", "s7",
                "OTHER_STORE", "s8",
                "STORE_TOKEN", TestTokens.token("sam", List.of("staff"), List.of("s7")),
                "COLLEAGUE", "sue",
                "COLLEAGUE_TOKEN", TestTokens.token("sue", List.of("staff"), List.of("s7")),
                "OTHER_STORE_TOKEN", TestTokens.token("tom", List.of("staff"), List.of("s8")),
                "CUSTOMER_TOKEN", TestTokens.token("cleo", "customer"),
                "PUBLISHER_TOKEN", TestTokens.token("svc", "publisher")));
    }
}
