package org.ordercast.broker.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ordercast.testing.Deployments;
import org.ordercast.testing.Http;
import org.ordercast.testing.PayaraNode;
import org.ordercast.testing.RedisServer;
import org.ordercast.testing.SseClient;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/**
 * Three Payara Micro nodes on one redis-server, no sticky sessions: what is published through one node reaches
 * clients of every node, on every transport, once each and in order; a client whose node is killed resumes on
 * another with its cursor and misses nothing; with Redis gone, publishing is refused and readiness is down while
 * connections stay; Redis back empty gives a new epoch, never a silently empty replay. The last two tests change
 * the cluster (a node killed, Redis restarted), so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");
    private static final String STAFF = TestTokens.token("sid", "staff");

    static RedisServer redis;
    static PayaraNode a;
    static PayaraNode b;
    static PayaraNode c;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        Path war = PayaraNode.export(Deployments.ordercast(Map.of(
                "ordercast.broker", "redis",
                "ordercast.redis.url", redis.url(),
                "ordercast.redis.check-seconds", "1")), "cluster");
        a = PayaraNode.start(war, Map.of());
        b = PayaraNode.start(war, Map.of());
        c = PayaraNode.start(war, Map.of());
        a.awaitReady();
        b.awaitReady();
        c.awaitReady();
    }

    @AfterAll
    static void stopCluster() {
        for (PayaraNode node : new PayaraNode[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static JsonObject publish(URL node, String channel, int n) {
        var response = Http.post(node, "api/v1/publish", PUBLISHER,
                "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{\"n\":" + n + "}}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private static WsClient staff(URL node) {
        var client = WsClient.connect(node, "?access_token=" + STAFF, Map.of());
        client.awaitType("connected");
        return client;
    }

    private static long offset(JsonObject frame) {
        return frame.getJsonNumber("offset").longValue();
    }

    @Test
    @Order(1)
    void aPublicationThroughOneNodeReachesEveryTransportOnTheOthersOnceEachInOrder() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        try (var ws = staff(a.base())) {
            JsonObject joined = ws.subscribe(channel).getJsonObject("result");
            long start = offset(joined);
            String epoch = joined.getString("epoch");
            try (var sse = SseClient.open(b.base(), "?channel=" + channel, null, STAFF)) {
                assertEquals("subscribed", sse.next("subscribed").data().getString("type"));
                for (int n = 1; n <= 50; n++) {
                    JsonObject published = publish(b.base(), channel, n);
                    assertEquals(epoch, published.getString("epoch"), "one epoch across the nodes");
                }
                for (int n = 1; n <= 50; n++) {
                    JsonObject event = ws.awaitEvent(channel);
                    assertEquals(start + n, offset(event), "in order on node A");
                    assertEquals(n, event.getJsonObject("data").getInt("n"));
                    JsonObject streamed = sse.next("event").data();
                    assertEquals(start + n, offset(streamed), "in order on node B's SSE stream");
                }
                assertFalse(ws.receives(WsClient::isPublishedEvent, Duration.ofMillis(500)), "none twice");
            }
            List<Long> polled = new ArrayList<>();
            long cursor = start;
            while (polled.size() < 50) {
                var page = Http.json(Http.get(c.base(), "api/v1/channels/" + channel + "/events?since=" + cursor
                        + "&epoch=" + epoch + "&limit=20&wait=5", STAFF));
                assertTrue(page.getBoolean("recovered"), page.toString());
                page.getJsonArray("publications").getValuesAs(JsonObject.class).forEach(p -> polled.add(offset(p)));
                cursor = offset(page);
            }
            var expected = new ArrayList<Long>();
            for (long n = start + 1; n <= start + 50; n++) {
                expected.add(n);
            }
            assertEquals(expected, polled, "node C's long-polling with the same cursor sees the same sequence");
        }
    }

    @Test
    @Order(2)
    void clientsOfAKilledNodeResumeOnAnotherWithTheCompleteSequence() throws Exception {
        String channel = "orders";
        int clients = 10;
        var sockets = new ArrayList<WsClient>();
        var cursors = new ArrayList<JsonObject>();
        for (int i = 0; i < clients; i++) {
            WsClient client = staff(a.base());
            sockets.add(client);
            cursors.add(client.subscribe(channel).getJsonObject("result"));
        }
        var publishing = new AtomicBoolean(true);
        var last = new AtomicLong();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (publishing.get()) {
                last.set(offset(publish(b.base(), channel, ++n)));
            }
        });
        Thread.sleep(1000);
        a.kill();
        var seen = new ArrayList<List<Long>>();
        var resumed = new ArrayList<WsClient>();
        try {
            for (int i = 0; i < clients; i++) {
                WsClient old = sockets.get(i);
                old.awaitClose(Duration.ofSeconds(10));
                var offsets = new ArrayList<Long>();
                old.received().stream().filter(WsClient::isPublishedEvent)
                        .filter(f -> channel.equals(f.getString("channel"))).forEach(f -> offsets.add(offset(f)));
                long from = offsets.isEmpty() ? offset(cursors.get(i)) : offsets.get(offsets.size() - 1);
                WsClient again = staff(c.base());
                resumed.add(again);
                JsonObject result = again.request("subscribe", "\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                        + from + ",\"epoch\":\"" + cursors.get(i).getString("epoch") + "\"}").getJsonObject("result");
                assertTrue(result.getBoolean("recovered"), "client " + i + ": " + result);
                result.getJsonArray("publications").getValuesAs(JsonObject.class).forEach(p -> offsets.add(offset(p)));
                seen.add(offsets);
            }
            Thread.sleep(1000);
        } finally {
            publishing.set(false);
            publisher.get();
        }
        long end = last.get();
        for (int i = 0; i < clients; i++) {
            List<Long> offsets = seen.get(i);
            WsClient again = resumed.get(i);
            while (offsets.get(offsets.size() - 1) < end) {
                offsets.add(offset(again.awaitEvent(channel)));
            }
            long start = offset(cursors.get(i));
            assertEquals(end - start, offsets.size(), "client " + i + ": zero lost, zero duplicated");
            for (int k = 0; k < offsets.size(); k++) {
                assertEquals(start + k + 1, offsets.get(k), "client " + i + " gap-free, in order");
            }
            again.close();
        }
    }

    @Test
    @Order(3)
    void withRedisGonePublishingIsRefusedAndReadinessIsDownWhileConnectionsStay() throws Exception {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        try (var client = staff(c.base())) {
            JsonObject joined = client.subscribe(channel).getJsonObject("result");
            publish(b.base(), channel, 1);
            long seen = offset(client.awaitEvent(channel));
            redis.stop();
            try {
                var refused = Http.post(b.base(), "api/v1/publish", PUBLISHER,
                        "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{\"n\":2}}");
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                var ready = Http.get(new URL("http://127.0.0.1:" + b.port() + "/"), "health/ready", null);
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("Redis"), ready.body());
                assertFalse(client.isClosed(), "connected clients stay connected");
            } finally {
                redis.run();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status;
            do {
                Thread.sleep(200);
                status = Http.post(b.base(), "api/v1/publish", PUBLISHER,
                        "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{\"n\":3}}").statusCode();
            } while (status != 200 && System.nanoTime() < deadline);
            assertEquals(200, status, "publishing works again once Redis is back");
            try (var late = staff(c.base())) {
                JsonObject again = late.request("subscribe", "\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                        + seen + ",\"epoch\":\"" + joined.getString("epoch") + "\"}").getJsonObject("result");
                assertFalse(again.getBoolean("recovered"), "Redis came back empty: a new epoch, never an empty replay");
            }
        }
    }

    @Test
    @Order(4)
    void aNodeShuttingDownClosesItsClientsWith1001SoTheyResumeElsewhere() {
        try (var client = staff(c.base())) {
            client.subscribe("orders");
            c.stop();
            assertEquals(1001, client.awaitClose(Duration.ofSeconds(30)));
        }
    }
}
