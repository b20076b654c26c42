package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.NodeTests;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.RawHttp;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/**
 * The WebSocket paths asked without an upgrade, upgrades with a malformed query, the query's parameters, and
 * WebSockets ended the moment they open.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class UpgradeContract {

    private final URL base;
    private final String server;
    private final PortableServer portable;

    UpgradeContract(PortableServer server) {
        base = server.base();
        this.server = server.name();
        portable = server;
    }

    @Test
    void plainHttpOnAWebSocketPathIsToldToUpgrade() throws Exception {
        for (String path : List.of("ws", "ws/envelope")) {
            // an h2c offer's 426 comes without Content-Type from Payara (server-config/payara): ask in HTTP/1.1
            HttpResponse<String> response = Http.getHttp1(base, path, null);
            assertEquals(426, response.statusCode(), path + ": " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), path);
            JsonObject problem = Http.json(response);
            assertEquals(426, problem.getInt("status"));
            assertEquals("Upgrade Required", problem.getString("title"));
            assertTrue(problem.getString("detail").contains("/" + path + " is a WebSocket endpoint"),
                    problem.toString());
            // java.net.http keeps Upgrade to itself: read on a socket
            try (Socket socket = RawHttp.send(base, null, "GET " + base.getPath() + path + " HTTP/1.1\r\n")) {
                List<String> head = RawHttp.head(socket);
                assertTrue(head.get(0).startsWith("HTTP/1.1 426"), head.toString());
                assertTrue(head.stream().anyMatch(line -> line.equalsIgnoreCase("Upgrade: websocket")),
                        head.toString());
                // Payara sends an answer with Upgrade without its length: the connection's close ends it (it was
                // held open for 30 s, and a plain HTTP client waited that long for the end of the 426)
                String body = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(body.contains("is a WebSocket endpoint"), body);
            }
        }
    }

    @Test
    void anUpgradeWithAMalformedQueryIsRefusedWith400AndTheNextIsServed() throws Exception {
        double before = refusedAsMalformed();
        int ours = 0;
        for (String query : List.of("?access_token=x&bad=%zz", "?x=%", "?x=a%20b%2")) {
            List<String> head = RawHttp.exchange(base, "GET " + base.getPath() + "ws" + query + " HTTP/1.1\r\n"
                    + RawHttp.UPGRADE);
            assertTrue(head.get(0).startsWith("HTTP/1.1 400"), query + ": " + head);
            // WildFly's Undertow refuses such a request itself, before any filter; elsewhere ordercast does
            ours += head.stream().anyMatch(line -> line.equalsIgnoreCase("Content-Type: application/problem+json"))
                    ? 1 : 0;
        }
        if (!server.startsWith("WildFly")) {
            assertEquals(3, ours, "ordercast refused each on " + server);
        }
        assertEquals(before + ours, refusedAsMalformed(), "each of ordercast's refusals counted");
        try (var client = WsClient.connect(base)) {
            assertEquals("connected", client.awaitType("connected").getString("type"));
        }
    }

    @Test
    void theTokenIsFoundAmongOtherParametersWithEscapesAndRepeats() {
        String token = TestTokens.token("zoe", List.of("staff"), List.of("7"));
        try (var client = WsClient.connect(base, "?x=%E2%82%AC&flag&x=a+b&access_token=" + token + "&y=", Map.of())) {
            JsonObject connected = client.awaitType("connected");
            assertTrue(connected.getBoolean("authenticated"), connected.toString());
            assertEquals("zoe", connected.getJsonObject("user").getString("id"), connected.toString());
        }
    }

    /**
     * A frame whose bytes arrive in two reads, after a frame that arrived whole, is read whole: between reads the
     * server lets go of the buffers its reads were parsed in, and keeps what holds part of a frame.
     */
    @Test
    void aFrameArrivingInTwoReadsAfterAWholeOneIsReadWhole() throws Exception {
        String token = TestTokens.token("zoe", List.of("staff"), List.of("7"));
        try (Socket socket = RawHttp.send(base, null, "GET " + base.getPath() + "ws?access_token=" + token
                + " HTTP/1.1\r\n" + RawHttp.UPGRADE)) {
            assertEquals("101", RawHttp.status(socket));
            RawHttp.awaitFrame(socket, "\"connected\"");
            RawHttp.sendText(socket, "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"store:7\"}");
            RawHttp.awaitFrame(socket, "\"store:7\"");
            byte[] frame = RawHttp.textFrame("{\"type\":\"subscribe\",\"id\":2,\"channel\":\"orders\"}");
            socket.getOutputStream().write(frame, 0, 9);
            socket.getOutputStream().flush();
            Thread.sleep(300);   // read apart: the server has parsed the first piece before the rest comes
            socket.getOutputStream().write(frame, 9, frame.length - 9);
            RawHttp.awaitFrame(socket, "\"orders\"");
        }
    }

    /**
     * WebSockets ended the moment they open, by the client or by the server, for eight seconds beside Socket.IO
     * long-polling sessions ({@code early-close.mjs}, with {@code ws} and {@code socket.io-client}): every session is
     * served and every WebSocket ends.
     */
    @Test
    void webSocketsEndedAsTheyOpenCostTheClientsBesideThemNothing() throws Exception {
        NodeTests.run("early-close.mjs", portable, Map.of(
                "QUICK_TOKEN", TestTokens.token("quinn", "kitchen"),
                "POLLING_TOKEN", TestTokens.token("pol", "kitchen")));
    }

    private double refusedAsMalformed() {
        String metrics = Http.get(base, "metrics", TestTokens.token("ops", "operator")).body();
        return metrics.lines().filter(line -> line.startsWith("ordercast_connections_refused_total{")
                        && line.contains("reason=\"malformed\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
