package org.ordercast.publish.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** Publishing over a publisher's own WebSocket: the {@code publish} frame, with REST's checks and results. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class WebSocketPublishingContract {

    private static final int MESSAGES_PER_SECOND = Integer.parseInt(PortableServer.MESSAGES_PER_SECOND);
    private static final int PUBLICATIONS_PER_SECOND = Integer.parseInt(PortableServer.PUBLICATIONS_PER_SECOND);

    private final URL base;

    WebSocketPublishingContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void aPublisherPublishesOverItsWebSocketAndEachReplyNamesWhereThePublicationLanded() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        try (var staff = WsClient.connectAs(base, "wendy", List.of("staff"), List.of());
             var service = publisher("svc-ws-orders")) {
            long start = staff.subscribe(channel).getJsonObject("result").getJsonNumber("offset").longValue();
            for (int step = 1; step <= 3; step++) {
                JsonObject reply = service.request("publish", publication(channel, "{\"step\":" + step + "}"));
                assertEquals("reply", reply.getString("type"), reply.toString());
                JsonObject landed = reply.getJsonObject("result");
                assertEquals(channel, landed.getString("channel"));
                assertEquals(start + step, landed.getJsonNumber("offset").longValue());
                JsonObject event = staff.awaitEvent(channel);
                assertEquals(landed.getJsonNumber("offset"), event.getJsonNumber("offset"));
                assertEquals(landed.getString("epoch"), event.getString("epoch"));
                assertEquals("order.status_changed", event.getString("event"));
                assertEquals(step, event.getJsonObject("data").getInt("step"));
            }
            // one numbering for both paths
            var rest = Http.post(base, "api/v1/publish", TestTokens.token("svc-rest", "publisher"),
                    "{\"channel\":\"" + channel + "\",\"event\":\"order.status_changed\",\"data\":{\"step\":4}}");
            assertEquals(start + 4, Http.json(rest).getJsonNumber("offset").longValue(), rest.body());
            assertEquals(start + 4, staff.awaitEvent(channel).getJsonNumber("offset").longValue());
        }
    }

    @Test
    void aPublishFrameWithoutAnIdPublishesWithoutAReply() {
        try (var kitchen = WsClient.connectAs(base, "kofi", List.of("kitchen"), List.of());
             var service = publisher("svc-ws-quiet")) {
            kitchen.subscribe("orders");
            service.send("{\"type\":\"publish\",\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{\"n\":71}}");
            assertEquals(71, kitchen.awaitEvent("orders").getJsonObject("data").getInt("n"));
            assertFalse(service.receives(f -> "reply".equals(f.getString("type")), Duration.ofMillis(300)));
        }
    }

    @Test
    void onlyPublishersMayPublishAndEveryRefusalIsAnErrorOnAnOpenConnection() {
        try (var kitchen = WsClient.connectAs(base, "kira", List.of("kitchen"), List.of());
             var staff = WsClient.connectAs(base, "sam", List.of("staff"), List.of());
             var anonymous = WsClient.connect(base);
             var service = publisher("svc-ws-refused")) {
            anonymous.awaitType("connected");
            long start = kitchen.subscribe("orders").getJsonObject("result").getJsonNumber("offset").longValue();
            String order = publication("orders", "order.created", "{\"n\":1}");
            assertEquals("forbidden", staff.request("publish", order).getString("code"));
            assertEquals("unauthorized", anonymous.request("publish", order).getString("code"));

            assertError("not_found", service, publication("nowhere", "order.created", "{}"));
            assertError("bad_request", service, publication("Orders!", "order.created", "{}"));
            assertError("bad_request", service, "\"event\":\"order.created\"");
            // the catalog's check, as REST's: an inventory event does not belong on the orders channel
            assertError("bad_request", service, publication("orders", "inventory.restocked", "{}"));

            JsonObject landed = service.request("publish", order).getJsonObject("result");
            assertEquals(start + 1, landed.getJsonNumber("offset").longValue(), "nothing refused was published");
            assertEquals(1, kitchen.awaitEvent("orders").getJsonObject("data").getInt("n"));
            assertFalse(staff.isClosed());
            assertFalse(anonymous.isClosed());
        }
    }

    @Test
    void anIdempotencyKeyGetsTheFirstResultBackAndAReuseForAnotherPublicationIsAConflict() {
        String key = "\"idempotencyKey\":\"" + UUID.randomUUID() + "\"";
        try (var service = publisher("svc-ws-idem")) {
            JsonObject first = service.request("publish", publication("orders", "order.created", "{\"n\":1}") + "," + key);
            JsonObject again = service.request("publish", publication("orders", "order.created", "{\"n\":1}") + "," + key);
            assertEquals(first.getJsonObject("result"), again.getJsonObject("result"));
            JsonObject reused = service.request("publish", publication("orders", "order.created", "{\"n\":2}") + "," + key);
            assertEquals("conflict", reused.getString("code"), reused.toString());
        }
    }

    @Test
    void aPublishersFramesSpendNoneOfItsMessageAllowance() {
        // more than a burst of messages (twice the messages per second) at once, within the publications' burst
        int frames = 2 * PUBLICATIONS_PER_SECOND - 50;
        assertTrue(frames > 2 * MESSAGES_PER_SECOND + 100);
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        try (var service = publisher("svc-ws-busy")) {
            long first = service.request("publish", publication(channel, "{}")).getJsonObject("result")
                    .getJsonNumber("offset").longValue();
            String frame = "{\"type\":\"publish\"," + publication(channel, "{}") + "}";
            for (int i = 0; i < frames; i++) {
                service.send(frame);   // without an id: no reply to wait for
            }
            JsonObject last = service.request("publish", publication(channel, "{}"));
            assertEquals("reply", last.getString("type"), last.toString());
            assertEquals(first + frames + 1, last.getJsonObject("result").getJsonNumber("offset").longValue());
            assertFalse(service.receives(f -> "error".equals(f.getString("type")), Duration.ZERO));
        }
    }

    @Test
    void publicationsRefusedForTheirContentAreNoMalformedFrames() {
        // more than a minute's malformed frames (ordercast.ws.max-bad-frames, 100). Sent a window at a time, fewer
        // than the connection's outbound queue holds (64 in the tests), as a client that pipelines must: answers the
        // server cannot write as fast as it makes them close it as a slow reader
        int frames = 150;
        int window = 50;
        try (var service = publisher("svc-ws-refused-content")) {
            for (int sent = 0; sent < frames; sent += window) {
                for (int i = sent; i < sent + window; i++) {
                    // the catalog's check: an inventory event does not belong on the orders channel
                    service.send("{\"type\":\"publish\",\"id\":" + i + ","
                            + publication("orders", "inventory.restocked", "{}") + "}");
                }
                for (int i = sent; i < sent + window; i++) {
                    long id = i;
                    JsonObject error = service.await(f -> f.containsKey("id") && f.getJsonNumber("id").longValue() == id);
                    assertEquals("bad_request", error.getString("code"), error.toString());
                }
            }
            assertEquals("reply", service.request("publish", publication("orders", "order.created", "{}"))
                    .getString("type"));
            assertFalse(service.isClosed());
        }
    }

    @Test
    void aPublishersFloodIsRefusedPastItsOwnAllowance() {
        int frames = 5 * PUBLICATIONS_PER_SECOND;
        try (var service = publisher("svc-ws-flood")) {
            String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
            var frame = "{\"type\":\"publish\"," + publication(channel, "{}") + "}";
            var all = new ArrayList<String>(frames);
            for (int i = 0; i < frames; i++) {
                all.add(frame);
            }
            all.forEach(service::send);
            JsonObject refused = service.await(f -> "error".equals(f.getString("type")));
            assertEquals("rate_limited", refused.getString("code"), refused.toString());
            assertEquals("more than " + PUBLICATIONS_PER_SECOND + " publications a second: slow down",
                    refused.getString("message"));
        }
    }

    private WsClient publisher(String service) {
        return WsClient.connectAs(base, service, List.of("publisher"), List.of());
    }

    private static String publication(String channel, String data) {
        return publication(channel, "order.status_changed", data);
    }

    private static String publication(String channel, String event, String data) {
        return "\"channel\":\"" + channel + "\",\"event\":\"" + event + "\",\"data\":" + data;
    }

    private static void assertError(String code, WsClient client, String fields) {
        JsonObject answer = client.request("publish", fields);
        assertEquals("error", answer.getString("type"), answer.toString());
        assertEquals(code, answer.getString("code"), answer.toString());
    }
}
