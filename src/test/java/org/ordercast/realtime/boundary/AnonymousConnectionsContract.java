package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.RawHttp;
import org.ordercast.testing.TestTokens;

/**
 * A connection that is not signed in holds a seat of its client's address, on every transport, within
 * {@code ordercast.limits.anonymous-connections-per-address} ({@link PortableServer#ANONYMOUS_CONNECTIONS_PER_ADDRESS}
 * here). Before, anonymous connections were bounded only by the per-address rate of new ones: an address could hold
 * them without end, until the node had no sockets left. Each test speaks from an address of its own.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class AnonymousConnectionsContract {

    private static final int SEATS = Integer.parseInt(PortableServer.ANONYMOUS_CONNECTIONS_PER_ADDRESS);

    private final URL base;
    /** The connections a test holds, closed after it. */
    private final List<Socket> held = new ArrayList<>();

    AnonymousConnectionsContract(PortableServer server) {
        base = server.base();
    }

    @AfterEach
    void closeHeld() throws IOException {
        RawHttp.closeAll(held);
    }

    @Test
    void anAddressHoldsItsSeatsOfWebSocketsAndGetsOneBackWhenOneCloses() throws Exception {
        holdEverySeat("127.0.0.61", "ws", "\"connected\"");
        try (Socket other = upgrade("127.0.0.62", "ws", "\"connected\"")) {
            assertTrue(other.isConnected(), "another address is served");
        }
        held.remove(0).close();
        held.add(upgradeWithin(Duration.ofSeconds(10), "127.0.0.61", "ws", "\"connected\""));
    }

    /** The envelope protocol starts every connection anonymous: one that signs in gives its address's seat back. */
    @Test
    void anEnvelopeConnectionThatSignsInGivesItsAddressSeatBack() throws Exception {
        holdEverySeat("127.0.0.63", "ws/envelope", "GENERAL_NOTIFICATION");
        RawHttp.sendText(held.get(0), "{\"type\":\"authenticate\",\"data\":{\"token\":\""
                + TestTokens.token("ada", List.of(), List.of("7")) + "\"}}");
        RawHttp.awaitFrame(held.get(0), "AUTHENTICATED");
        held.add(upgrade("127.0.0.63", "ws/envelope", "GENERAL_NOTIFICATION"));
    }

    @Test
    void anAddressHoldsItsSeatsOfSseStreams() throws Exception {
        String stream = "GET " + base.getPath() + "api/v1/stream?channel=broadcast HTTP/1.1\r\n";
        for (int i = 0; i < SEATS; i++) {
            Socket socket = RawHttp.send(base, "127.0.0.64", stream);
            held.add(socket);
            assertEquals("200", RawHttp.status(socket), "stream " + i);
        }
        try (Socket refused = RawHttp.send(base, "127.0.0.64", stream)) {
            RawHttp.assertRefused(List.of(refused), 429);
        }
        try (Socket signedIn = RawHttp.send(base, "127.0.0.64", stream.replace(" HTTP/1.1", "&access_token="
                + TestTokens.token("ada", List.of(), List.of()) + " HTTP/1.1"))) {
            assertEquals("200", RawHttp.status(signedIn), "a signed-in stream from the address holds its user's");
        }
    }

    /** Socket.IO: a session opened by a polling handshake or a WebSocket holds a seat until a socket signs in. */
    @Test
    void anAddressHoldsItsSeatsOfSocketIoSessions() throws Exception {
        String handshake = "GET " + base.getPath() + "socket.io/?EIO=4&transport=polling HTTP/1.1\r\n";
        for (int i = 0; i < SEATS - 1; i++) {
            try (Socket socket = RawHttp.send(base, "127.0.0.65", handshake)) {
                assertEquals("200", RawHttp.status(socket), "session " + i);
            }
        }
        held.add(RawHttp.send(base, "127.0.0.65", "GET " + base.getPath()
                + "socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + RawHttp.UPGRADE));
        assertEquals("101", RawHttp.status(held.get(0)));
        assertTrue(RawHttp.frame(held.get(0)).startsWith("0{"), "the last seat, over a WebSocket");
        try (Socket refused = RawHttp.send(base, "127.0.0.65", handshake)) {
            RawHttp.assertRefused(List.of(refused), 429);
        }
        try (Socket refused = RawHttp.send(base, "127.0.0.65", "GET " + base.getPath()
                + "socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + RawHttp.UPGRADE)) {
            assertEquals("101", RawHttp.status(refused));
            assertTrue(RawHttp.frame(refused).startsWith("close 1013"), "closed with 1013, try again later");
        }
        RawHttp.sendText(held.get(0), "40{\"token\":\"" + TestTokens.token("ada", List.of(), List.of()) + "\"}");
        RawHttp.awaitFrame(held.get(0), "40{\"sid\"");
        try (Socket socket = RawHttp.send(base, "127.0.0.65", handshake)) {
            assertEquals("200", RawHttp.status(socket), "the signed-in session gave its address's seat back");
        }
    }

    /**
     * Opens as many anonymous WebSockets from {@code address} as it has seats, each served ({@code first} comes), and
     * holds them; the next is told why and closed with 4029.
     */
    private void holdEverySeat(String address, String path, String first) throws IOException {
        for (int i = 0; i < SEATS; i++) {
            held.add(upgrade(address, path, first));
        }
        try (Socket refused = RawHttp.send(base, address, upgradeRequest(path))) {
            assertEquals("101", RawHttp.status(refused));
            String error = RawHttp.frame(refused);
            assertTrue(error.contains("rate_limited") && error.contains("anonymous-connections-per-address"), error);
            assertTrue(RawHttp.frame(refused).startsWith("close 4029"), path + " closed with 4029");
        }
    }

    private String upgradeRequest(String path) {
        return "GET " + base.getPath() + path + " HTTP/1.1\r\n" + RawHttp.UPGRADE;
    }

    /** An anonymous WebSocket from {@code address}, upgraded and served: {@code first} comes in one of its frames. */
    private Socket upgrade(String address, String path, String first) throws IOException {
        Socket socket = RawHttp.send(base, address, upgradeRequest(path));
        try {
            assertEquals("101", RawHttp.status(socket), path + " from " + address);
            RawHttp.awaitFrame(socket, first);
            return socket;
        } catch (IOException | AssertionError e) {
            socket.close();
            throw e;
        }
    }

    /** As {@link #upgrade}, tried until served or {@code within} has passed: a seat is back once its close is heard. */
    private Socket upgradeWithin(Duration within, String address, String path, String first) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            try {
                return upgrade(address, path, first);
            } catch (AssertionError e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Reads frames until one contains {@code text}; a close frame before it fails. */
}
