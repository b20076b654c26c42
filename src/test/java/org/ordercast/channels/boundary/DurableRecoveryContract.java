package org.ordercast.channels.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.orders.control.TransactionProbeResource;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/**
 * Durable user channels across a server restart: the test publishes while the user is offline, stops the server,
 * starts it again on the same database, and the user recovers what was published.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class DurableRecoveryContract {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");

    private final PortableServer server;

    DurableRecoveryContract(PortableServer server) {
        this.server = server;
    }

    @Test
    void aUserOfflineAcrossARestartRecoversTheirNotifications() throws Exception {
        URL base = server.base();
        String user = "dora" + UUID.randomUUID().toString().substring(0, 6);
        String channel = "user:" + user;
        String token = TestTokens.token(user, List.of("customer"), List.of());
        JsonObject cursor;
        try (var client = WsClient.connectAs(base, user, List.of("customer"), List.of())) {
            cursor = client.subscribe(channel).getJsonObject("result");
        }
        var response = Http.post(base, "api/v1/notifications/users/" + user, PUBLISHER,
                "{\"title\":\"Order ready\",\"message\":\"Collect it at the counter\"}");
        assertEquals(202, response.statusCode(), response.body());
        assertEquals(200, Http.post(base, "api/v1/test/transactions/rollback-user/" + user, null, "").statusCode());

        server.restart();

        try (var client = WsClient.connectAs(base, user, List.of("customer"), List.of())) {
            JsonObject result = client.request("subscribe", "\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                    + cursor.getJsonNumber("offset") + ",\"epoch\":\"" + cursor.getString("epoch") + "\"}")
                    .getJsonObject("result");
            assertTrue(result.getBoolean("recovered"), result.toString());
            var recovered = result.getJsonArray("publications").getValuesAs(JsonObject.class);
            assertEquals(1, recovered.size(), "the notification, and nothing from the rolled-back transaction");
            assertEquals("Order ready", recovered.get(0).getJsonObject("data").getString("title"));
            assertEquals(cursor.getString("epoch"), result.getString("epoch"), "the epoch survives the restart");
        }
        JsonObject list = Http.json(Http.get(base, "api/v1/users/me/notifications?since=0", token));
        var notifications = list.getJsonArray("notifications").getValuesAs(JsonObject.class);
        assertEquals(1, notifications.size());
        assertFalse(notifications.get(0).getBoolean("read"));
        String id = notifications.get(0).getString("id");
        assertEquals(200, Http.post(base, "api/v1/users/me/notifications/" + id + "/read", token, "").statusCode());
        assertTrue(Http.json(Http.get(base, "api/v1/users/me/notifications", token))
                .getJsonArray("notifications").getJsonObject(0).getBoolean("read"));
        assertEquals(404, Http.post(base, "api/v1/users/me/notifications/nope/read", token, "").statusCode());
        assertEquals(1, Http.json(Http.get(base, "api/v1/users/me/notifications?limit=1", token))
                .getJsonArray("notifications").size());
        Map.of("since=-1", "since is an offset: 0 or more", "limit=0", "limit must be 1-1000",
                "limit=1001", "limit must be 1-1000").forEach((query, detail) -> {
                    var refused = Http.get(base, "api/v1/users/me/notifications?" + query, token);
                    assertEquals(400, refused.statusCode(), query + " -> " + refused.body());
                    assertEquals(detail, Http.json(refused).getString("detail"), query);
                });
        assertEquals(401, Http.get(base, "api/v1/users/me/notifications", null).statusCode());
    }
}
