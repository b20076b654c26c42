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
import org.ordercast.testing.NodeTests;
import org.ordercast.testing.PayaraNode;
import org.ordercast.testing.PostgresServer;
import org.ordercast.testing.RedisServer;
import org.ordercast.testing.SseClient;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/**
 * Three Payara Micro nodes on one redis-server and one PostgreSQL, no sticky sessions: what is published through one
 * node reaches clients of every node, on every transport, once each and in order; a Socket.IO client long-polling
 * through a balancer that sends each of its requests to the next node keeps its session; a client whose node is
 * killed resumes on another with its cursor and misses nothing, and so does a Socket.IO client; with Redis gone,
 * publishing is refused and readiness is down while connections stay; Redis back empty gives a new epoch, never a
 * silently empty replay. The last two tests change the cluster (a node killed, Redis restarted), so the tests run in
 * order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");
    private static final String STAFF = TestTokens.token("sid", "staff");
    /** Socket.IO's ping interval on the nodes: short, so that a test sees pings and pongs cross nodes. */
    private static final int PING_INTERVAL_MS = 1500;

    static RedisServer redis;
    static PostgresServer postgres;
    static PayaraNode a;
    static PayaraNode b;
    static PayaraNode c;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        postgres = PostgresServer.start();
        Path war = PayaraNode.export(Deployments.ordercast(Map.ofEntries(
                // the killed node's clients resume while a publisher publishes as fast as it can: recovery must
                // not depend on how many publications fit in the default history of 1000
                Map.entry("ordercast.namespace.orders.history-size", "1000000"),
                Map.entry("ordercast.broker", "redis"),
                Map.entry("ordercast.redis.url", redis.url()),
                Map.entry("ordercast.redis.check-seconds", "1"),
                Map.entry("ordercast.presence.ttl", "PT3S"),
                Map.entry("ordercast.presence.flush-ms", "200"),
                Map.entry("ordercast.node.share-ms", "500"),
                Map.entry("ordercast.socketio.ping-interval", String.valueOf(PING_INTERVAL_MS)),
                Map.entry("ordercast.limits.connections-per-user", "3"))), "cluster");
        // the first node alone creates the schema (on its first request): with three nodes creating it at once on
        // an empty PostgreSQL, one failed on a constraint another had made and one never answered its readiness
        a = PayaraNode.start(war, postgres.environment());
        a.awaitReady();
        b = PayaraNode.start(war, postgres.environment());
        c = PayaraNode.start(war, postgres.environment());
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
        if (postgres != null) {
            postgres.close();
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

    private static WsClient staffNamed(URL node, String user) {
        var client = WsClient.connect(node, "?access_token=" + TestTokens.token(user, "staff"), Map.of());
        client.awaitType("connected");
        return client;
    }

    private static void eventually(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }

    /** The sum of a figure's samples on {@code node} whose labels include {@code labels} ({@code k="v"}). */
    private static double figure(URL node, String name, String... labels) {
        var response = Http.get(node, "metrics", TestTokens.token("opie", "operator"));
        assertEquals(200, response.statusCode(), response.body());
        return response.body().lines()
                .filter(line -> line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
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
            assertTrue(figure(b.base(), "ordercast_redis_command_duration_seconds_count", "command=\"publish\"") >= 50,
                    "node B timed its 50 publish scripts");
            assertTrue(figure(a.base(), "ordercast_pubsub_lag_seconds_count") >= 50,
                    "node A measured how long pub/sub took to bring each of them");
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

    private static WsClient storeUser(URL node, String user) {
        var client = WsClient.connect(node, "?access_token=" + TestTokens.token(user, List.of(), List.of("9")), Map.of());
        client.awaitType("connected");
        return client;
    }

    private static JsonObject presenceFrame(WsClient client, String field, String user) {
        return client.await(f -> "presence".equals(f.getString("type", ""))
                && f.getJsonArray(field).getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(s -> s.getString().equals(user)), Duration.ofSeconds(15));
    }

    @Test
    @Order(2)
    void presenceListsUsersOfEveryNodeAndChurnMovesNoOffset() {
        String channel = "store:9";
        try (var watcher = storeUser(c.base(), "wanda")) {
            long offset = offset(watcher.subscribe(channel).getJsonObject("result"));
            for (int round = 0; round < 3; round++) {
                try (var onA = storeUser(a.base(), "ann"); var onB = storeUser(b.base(), "bob")) {
                    onA.subscribe(channel);
                    onB.subscribe(channel);
                    presenceFrame(watcher, "joined", "ann");
                    presenceFrame(watcher, "joined", "bob");
                    var listed = Http.json(Http.get(c.base(), "api/v1/channels/" + channel + "/presence",
                            TestTokens.token("sid", List.of("staff"), List.of("9"))));
                    var users = listed.getJsonArray("users").getValuesAs(jakarta.json.JsonString.class).stream()
                            .map(jakarta.json.JsonString::getString).toList();
                    assertTrue(users.containsAll(List.of("ann", "bob", "wanda")), listed.toString());
                }
                presenceFrame(watcher, "left", "ann");
                presenceFrame(watcher, "left", "bob");
            }
            try (var late = storeUser(b.base(), "lee")) {
                assertEquals(offset, offset(late.subscribe(channel).getJsonObject("result")),
                        "presence churn takes no offset");
            }
        }
    }

    @Test
    @Order(3)
    void operationsCountEveryNodeAndAnAdminDisconnectReachesThemAll() throws Exception {
        String admin = TestTokens.token("ada", "admin");
        try (var onB = staffNamed(b.base(), "otto");
             var onC = SseClient.open(c.base(), "?channel=orders", null, TestTokens.token("otto", "staff"))) {
            onB.subscribe("orders");
            onC.next("subscribed");
            eventually(() -> {
                var stats = Http.json(Http.get(a.base(), "api/v1/websocket/stats", admin)).getJsonObject("data");
                return stats.getJsonArray("onlineUsers").toString().contains("\"otto\"")
                        && stats.getJsonObject("nodes").size() == 3;
            }, "node A's statistics count the users of nodes B and C, per node");
            assertTrue(Http.json(Http.get(a.base(), "api/v1/websocket/users/otto/online", admin))
                    .getJsonObject("data").getBoolean("online"));
            var response = Http.delete(a.base(), "api/v1/connections?user=otto", admin);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(2, Http.json(response).getInt("otherNodes"));
            assertEquals(4000, onB.awaitClose(Duration.ofSeconds(10)), "closed on node B");
            var close = onC.next("close").data();
            assertEquals(4000, close.getInt("code"), "the SSE stream on node C ends too");
        }
        var held = new ArrayList<WsClient>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(staffNamed(a.base(), "lim"));
            }
            eventually(() -> Http.json(Http.get(b.base(), "api/v1/websocket/stats", admin)).getJsonObject("data")
                    .getJsonObject("nodes").toString().contains("\"activeConnections\":3"), "B heard of A's seats");
            var fourth = WsClient.connect(b.base(), "?access_token=" + TestTokens.token("lim", "staff"), Map.of());
            assertEquals(4029, fourth.awaitClose(Duration.ofSeconds(10)),
                    "connections-per-user (3) holds across nodes");
        } finally {
            held.forEach(WsClient::close);
        }
    }

    @Test
    @Order(4)
    void aDurableNotificationPublishedThroughOneNodeReachesTheUserOnAnotherLiveAndAfterBeingOffline() {
        String user = "una" + UUID.randomUUID().toString().substring(0, 6);
        String channel = "user:" + user;
        String token = TestTokens.token(user, "customer");
        JsonObject cursor;
        try (var online = WsClient.connect(b.base(), "?access_token=" + token, Map.of())) {
            online.awaitType("connected");
            cursor = online.subscribe(channel).getJsonObject("result");
            var sent = Http.post(a.base(), "api/v1/notifications/users/" + user, PUBLISHER,
                    "{\"title\":\"Order ready\",\"message\":\"Collect it\"}");
            assertEquals(202, sent.statusCode(), sent.body());
            JsonObject live = online.awaitEvent(channel);
            assertEquals(offset(cursor) + 1, offset(live), "live on node B, from node A's commit");
            assertEquals("Order ready", live.getJsonObject("data").getString("title"));
        }
        var offline = Http.post(a.base(), "api/v1/notifications/users/" + user, PUBLISHER,
                "{\"title\":\"Order collected\",\"message\":\"Thanks\"}");
        assertEquals(202, offline.statusCode(), offline.body());
        try (var back = WsClient.connect(c.base(), "?access_token=" + token, Map.of())) {
            back.awaitType("connected");
            JsonObject result = back.request("subscribe", "\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                    + (offset(cursor) + 1) + ",\"epoch\":\"" + cursor.getString("epoch") + "\"}")
                    .getJsonObject("result");
            assertTrue(result.getBoolean("recovered"), result.toString());
            var recovered = result.getJsonArray("publications").getValuesAs(JsonObject.class);
            assertEquals(1, recovered.size(), result.toString());
            assertEquals("Order collected", recovered.get(0).getJsonObject("data").getString("title"),
                    "published through node A while offline, recovered on node C from the shared database");
        }
    }

    @Test
    @Order(5)
    void aSocketIoClientCutOffFromOneNodeRecoversOnAnother() throws Exception {
        NodeTests.run("recovery.mjs", a.base(), Map.of(
                "ORDERCAST_OTHER_URL", b.base().toString(),
                "KITCHEN_TOKEN", TestTokens.token("kai", "kitchen"),
                "PUBLISHER_TOKEN", PUBLISHER));
    }

    @Test
    @Order(5)
    void socketIoLongPollingNeedsNoStickySessions() throws Exception {
        NodeTests.run("no-sticky.mjs", a.base(), Map.of(
                "ORDERCAST_OTHER_URLS", b.base() + "," + c.base(),
                "POLLING_TOKEN", TestTokens.token("pol", "kitchen"),
                "DEFAULT_TOKEN", TestTokens.token("dee", "kitchen"),
                "PUBLISHER_TOKEN", PUBLISHER,
                "PING_INTERVAL_MS", String.valueOf(PING_INTERVAL_MS)));
    }

    @Test
    @Order(6)
    void clientsOfAKilledNodeResumeOnAnotherWithTheCompleteSequence() throws Exception {
        String channel = "orders";
        int clients = 10;
        var sockets = new ArrayList<WsClient>();
        var cursors = new ArrayList<JsonObject>();
        for (int i = 0; i < clients; i++) {
            WsClient client = staffNamed(a.base(), "sid-" + i);
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
        var present = storeUser(a.base(), "pam");
        present.subscribe("store:9");
        var watcher = storeUser(b.base(), "walt");
        watcher.subscribe("store:9");
        Thread.sleep(1000);
        a.kill();
        presenceFrame(watcher, "left", "pam");
        watcher.close();
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
                WsClient again = staffNamed(c.base(), "sid-" + i);
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
    @Order(7)
    void withRedisGonePublishingIsRefusedAndReadinessIsDownWhileConnectionsStay() throws Exception {
        String orderId;
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
                var placed = Http.post(b.base(), "api/v1/orders", TestTokens.token("olga", "customer"),
                        "{\"customerName\":\"Olga\",\"items\":[{\"name\":\"Tea\",\"price\":2,\"quantity\":1}]}");
                assertEquals(201, placed.statusCode(), "the order itself does not need Redis: " + placed.body());
                orderId = Http.json(placed).getString("id");
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
            String placedId = orderId;
            eventually(() -> {
                // node c may still be reconnecting to Redis: 503 until it is
                var events = Http.get(c.base(), "api/v1/channels/orders/events?since=0&epoch=0&limit=1000", STAFF);
                return events.statusCode() == 200 && Http.json(events).getJsonArray("publications")
                        .getValuesAs(JsonObject.class).stream()
                        .anyMatch(p -> placedId.equals(p.getJsonObject("data").getString("orderId", null)));
            }, "the order placed while Redis was down is published once it is back, not dropped");
            try (var late = staff(c.base())) {
                JsonObject again = late.request("subscribe", "\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                        + seen + ",\"epoch\":\"" + joined.getString("epoch") + "\"}").getJsonObject("result");
                assertFalse(again.getBoolean("recovered"), "Redis came back empty: a new epoch, never an empty replay");
            }
        }
    }

    @Test
    @Order(8)
    void aNodeShuttingDownClosesItsClientsWith1001SoTheyResumeElsewhere() {
        try (var client = staff(c.base())) {
            client.subscribe("orders");
            c.stop();
            assertEquals(1001, client.awaitClose(Duration.ofSeconds(30)));
        }
    }
}
