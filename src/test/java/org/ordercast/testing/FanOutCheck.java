package org.ordercast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The behaviour every WebSocket send path must keep: a burst of publications on one channel reaches every
 * subscriber, each exactly once, in offset order. Run against each path's deployment.
 */
public final class FanOutCheck {

    private static final String PUBLISHER = TestTokens.token("svc-fanout", "publisher");

    private FanOutCheck() {
    }

    /** Subscribes {@code clients} connections, publishes {@code publications} at once, and checks what each got. */
    public static void everyPublicationReachesEverySubscriberInOrder(URL base, int clients, int publications) {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        var subscribers = new ArrayList<WsClient>();
        try {
            long start = 0;
            for (int i = 0; i < clients; i++) {
                WsClient client = WsClient.connectAs(base, "fan-" + i, List.of("staff"), List.of());
                subscribers.add(client);
                start = client.subscribe(channel).getJsonObject("result").getJsonNumber("offset").longValue();
            }
            for (int n = 1; n <= publications; n++) {
                assertEquals(200, Http.post(base, "api/v1/publish", PUBLISHER, "{\"channel\":\"" + channel
                        + "\",\"event\":\"order.status_changed\",\"data\":{\"n\":" + n + "}}").statusCode());
            }
            for (WsClient client : subscribers) {
                for (int n = 1; n <= publications; n++) {
                    JsonObject event = client.awaitEvent(channel);
                    assertEquals(start + n, event.getJsonNumber("offset").longValue(), "offsets arrive in order");
                    assertEquals(n, event.getJsonObject("data").getInt("n"));
                }
            }
        } finally {
            subscribers.forEach(WsClient::close);
        }
    }

    /**
     * One subscriber stops reading while large publications go out: the server cuts it off with 4008 and the
     * other subscriber receives every publication in order meanwhile.
     */
    public static void aStalledSubscriberIsDroppedAndTheOthersServed(URL base) {
        try (var slow = WsClient.connect(base, "?access_token=" + TestTokens.token("slow", "staff"), Map.of());
             var fast = WsClient.connect(base, "?access_token=" + TestTokens.token("fast", "staff"), Map.of())) {
            slow.awaitType("connected");
            fast.awaitType("connected");
            long slowConsumersBefore = slowConsumerCloses(base);
            slow.subscribe("orders");
            fast.subscribe("orders");
            slow.stopReading();
            // large publications fill the socket and container buffers quickly, well before the heartbeat gives up
            String payload = "\"" + "y".repeat(200_000) + "\"";
            int sent = 0;
            while (!slow.isClosed() && sent < 600 && !cutOff(base, sent)) {
                sent++;
                Http.post(base, "api/v1/publish", PUBLISHER,
                        "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{\"n\":" + sent + ",\"pad\":" + payload + "}}");
            }
            for (int n = 1; n <= sent; n++) {
                assertEquals(n, fast.awaitEvent("orders").getJsonObject("data").getInt("n"), "fast client, in order");
            }
            assertTrue(cutOff(base, 20), "cut off after " + sent + " publications");
            // the server sent 4008; the client, which reads nothing, cannot see the close frame queued behind its
            // backlog, so the close code is checked where it was decided
            assertEquals(slowConsumersBefore + 1, slowConsumerCloses(base), "closed with 4008");
        }
    }

    /**
     * A subscriber stops reading while more is published to it than the sockets' buffers hold, so the server's
     * writes stop part-way through a frame and the rest waits; it sends a ping meanwhile, whose pong the server
     * writes among those frames, and then reads again. Every publication arrives once and in order, whole, the pong
     * with them, and publications after the backlog follow it.
     */
    public static void aPausedSubscriberGetsEverythingInOrderWhenItReadsAgain(URL base) {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        try (var paused = WsClient.connectAs(base, "paused", List.of("staff"), List.of())) {
            long start = paused.subscribe(channel).getJsonObject("result").getJsonNumber("offset").longValue();
            paused.stopReading();
            // 8 MB: past the loopback socket's buffers (4 MB to send, 128 KB to receive until the reader reads),
            // short of the 16 MiB after which the server gives up on the client
            String pad = "\"" + "z".repeat(100_000) + "\"";
            int backlog = 80;
            int after = 20;
            for (int n = 1; n <= backlog + after; n++) {
                if (n == backlog / 2) {
                    paused.sendPing();
                }
                if (n == backlog + 1) {
                    paused.drain();
                }
                assertEquals(200, Http.post(base, "api/v1/publish", PUBLISHER, "{\"channel\":\"" + channel
                        + "\",\"event\":\"order.status_changed\",\"data\":{\"n\":" + n
                        + (n <= backlog ? ",\"pad\":" + pad : "") + "}}").statusCode());
            }
            for (int n = 1; n <= backlog + after; n++) {
                JsonObject event = paused.awaitEvent(channel);
                assertEquals(start + n, event.getJsonNumber("offset").longValue(), "offsets arrive in order");
                assertEquals(n, event.getJsonObject("data").getInt("n"));
                assertEquals(n <= backlog ? 100_000 : 0, event.getJsonObject("data").getString("pad", "").length(),
                        "publication " + n + " arrives whole");
            }
            assertEquals(1, paused.pongs(), "the ping was answered once");
            assertFalse(paused.isClosed(), "still connected");
        }
    }

    private static long slowConsumerCloses(URL base) {
        JsonObject stats = Http.json(Http.get(base, "api/v1/websocket/stats", TestTokens.token("root", "admin")));
        JsonObject codes = stats.getJsonObject("data").getJsonObject("closeCodes");
        return codes.containsKey("4008") ? codes.getJsonNumber("4008").longValue() : 0;
    }

    /** Whether the server has cut the slow client off (checked every 20 publications): it is no longer online. */
    private static boolean cutOff(URL base, int sent) {
        if (sent % 20 != 0) {
            return false;
        }
        JsonObject online = Http.json(Http.get(base, "api/v1/websocket/users/slow/online", TestTokens.token("root", "admin")));
        return !online.getJsonObject("data").getBoolean("online");
    }

    /** Connections opened per send path since the server started, from the operators' statistics. */
    public static JsonObject sendPaths(URL base) {
        String admin = TestTokens.token("ops-admin", "admin");
        return Http.json(Http.get(base, "api/v1/websocket/stats", admin)).getJsonObject("data").getJsonObject("sendPaths");
    }
}
