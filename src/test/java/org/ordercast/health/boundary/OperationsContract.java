package org.ordercast.health.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** The seed gateways' statistics and online-user endpoints, presence, admin disconnect and MicroProfile Health. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class OperationsContract {

    private static final String ADMIN = TestTokens.token("root", "admin");

    private final URL base;
    private final URL health;

    OperationsContract(PortableServer server) throws MalformedURLException {
        base = server.base();
        health = new URL(server.health() + "/");
    }

    @Test
    void statsAndHealthHaveBothSeedShapes() throws InterruptedException {
        awaitNoConnections();
        try (var amy = user("amy", List.of("manager"), List.of("7")); var anon = WsClient.connect(base)) {
            anon.awaitType("connected");
            amy.subscribe("store:7");

            JsonObject stats = Http.json(Http.get(base, "api/v1/websocket/stats", ADMIN));
            assertTrue(stats.getBoolean("success"));
            assertEquals("WebSocket statistics retrieved successfully", stats.getString("message"));
            JsonObject data = stats.getJsonObject("data");
            assertTrue(data.getInt("totalConnections") >= 2);
            assertEquals(2, data.getInt("activeConnections"));
            assertEquals(2, data.getInt("connectedClients"));
            assertEquals(1, data.getInt("authenticatedUsers"));
            assertEquals(List.of("amy"), data.getJsonArray("onlineUsers").getValuesAs(JsonString::getString));
            assertEquals(1, data.getJsonObject("rooms").getInt("store:7"));
            assertEquals(2, data.getJsonObject("rooms").getInt("broadcast"));

            JsonObject health = Http.json(Http.get(base, "api/v1/websocket/health", ADMIN));
            assertEquals("OK", health.getString("status"));
            assertFalse(health.getString("timestamp").isEmpty());
            assertTrue(health.getJsonObject("data").getBoolean("healthy"));
            assertEquals(2, health.getJsonObject("data").getInt("activeConnections"));
            assertEquals("WebSocket server is healthy", health.getString("message"));
            JsonObject healthStats = health.getJsonObject("stats");
            assertEquals(2, healthStats.getInt("connectedClients"));
            assertEquals(1, healthStats.getInt("authenticatedUsers"));
            assertEquals("amy", healthStats.getJsonArray("onlineUsers").getString(0));
            assertEquals(1, healthStats.getJsonObject("rooms").getInt("store:7"));
        }
    }

    @Test
    void onlineUserQueriesAnswerForUsersAndNeedAnOperationsRole() {
        try (var al = user("al", List.of(), List.of())) {
            JsonObject online = Http.json(Http.get(base, "api/v1/websocket/users/online", ADMIN));
            assertTrue(online.getJsonObject("data").getJsonArray("users").getValuesAs(JsonString::getString).contains("al"));
            assertTrue(Http.json(Http.get(base, "api/v1/websocket/users/al/online", ADMIN))
                    .getJsonObject("data").getBoolean("online"));
            assertFalse(Http.json(Http.get(base, "api/v1/websocket/users/nobody/online", ADMIN))
                    .getJsonObject("data").getBoolean("online"));
            assertEquals(403, Http.get(base, "api/v1/websocket/users/online", TestTokens.token("al")).statusCode());
            assertEquals(401, Http.get(base, "api/v1/websocket/stats", null).statusCode());
        }
    }

    @Test
    void presenceListsUsersNotSessions() {
        try (var a1 = user("pia", List.of(), List.of("9")); var a2 = user("pia", List.of(), List.of("9"));
             var b = user("quinn", List.of(), List.of("9"))) {
            for (WsClient client : List.of(a1, a2, b)) {
                client.subscribe("store:9");
            }
            JsonObject presence = b.request("presence", "\"channel\":\"store:9\"").getJsonObject("result");
            assertEquals(List.of("pia", "quinn"), presence.getJsonArray("users").getValuesAs(JsonString::getString));
            assertEquals(3, presence.getInt("clients"));
        }
    }

    @Test
    void anAdministratorCanDisconnectAUser() {
        try (var victim = user("vic", List.of(), List.of()); var bystander = user("bea", List.of(), List.of())) {
            assertEquals(403, Http.delete(base, "api/v1/connections?user=vic", TestTokens.token("bea")).statusCode());
            var both = Http.delete(base, "api/v1/connections?user=vic&user=bea", ADMIN);
            assertEquals(400, both.statusCode(), "one user per request, not the first of two: " + both.body());
            assertEquals("query parameter 'user' is given 2 times: give it once", Http.json(both).getString("detail"));
            var response = Http.delete(base, "api/v1/connections?user=vic", ADMIN);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(1, Http.json(response).getInt("closed"));
            assertEquals(4000, victim.awaitClose(WsClient.TIMEOUT));
            assertFalse(bystander.isClosed());
            assertEquals(400, Http.delete(base, "api/v1/connections", ADMIN).statusCode());
        }
    }

    @Test
    void microProfileHealthReportsUp() {
        for (String check : List.of("live", "ready", "started")) {
            var response = Http.get(health, check, null);
            assertEquals(200, response.statusCode(), check + " " + response.body());
            assertEquals("UP", Http.json(response).getString("status"), check);
        }
        assertTrue(Http.get(health, "ready", null).body().contains("ordercast-hub"));
    }

    /** The counts below are exact: the connections of the tests before this one must be gone. */
    private void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Http.json(Http.get(base, "api/v1/websocket/stats", ADMIN)).getJsonObject("data").getInt("connectedClients") > 0) {
            assertTrue(System.nanoTime() < deadline, "connections of earlier tests still open");
            Thread.sleep(200);
        }
    }

    private WsClient user(String id, List<String> groups, List<String> stores) {
        return WsClient.connectAs(base, id, groups, stores);
    }
}
