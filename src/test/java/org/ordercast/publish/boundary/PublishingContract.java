package org.ordercast.publish.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.RawHttp;
import org.ordercast.testing.SseClient;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** REST publishing reaching exactly the entitled subscribers, in order, once; the seed gateway's endpoints. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class PublishingContract {

    private static final String PUBLISHER = TestTokens.token("svc-orders", "publisher");

    /** The fields of an OpenAPI 3.0 document's root: a server may add one (WildFly adds externalDocs), never others. */
    private static final Set<String> OPENAPI_ROOT_KEYS = Set.of("openapi", "info", "servers", "paths", "components",
            "security", "tags", "externalDocs");

    private final URL base;

    PublishingContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void storePublicationReachesOnlyThatStoresUsers() {
        try (var seven = user("ann", List.of("staff"), List.of("7")); var eight = user("ben", List.of("staff"), List.of("8"))) {
            assertEquals("reply", seven.subscribe("store:7").getString("type"));
            assertEquals("forbidden", eight.subscribe("store:7").getString("code"));
            assertEquals("reply", eight.subscribe("store:8").getString("type"));

            publish("store:7", "store.updated", "{\"storeId\":\"7\",\"name\":\"Downtown\"}");
            publish("store:8", "store.updated", "{\"storeId\":\"8\",\"name\":\"Airport\"}");

            JsonObject event = seven.await(f -> WsClient.isPublishedEvent(f) && "store:7".equals(f.getString("channel")));
            assertEquals("store.updated", event.getString("event"));
            assertEquals("Downtown", event.getJsonObject("data").getString("name"));
            JsonObject first = eight.await(WsClient::isPublishedEvent);
            assertEquals("store:8", first.getString("channel"), "the store-8 user's first event is its own store's");
            assertFalse(eight.receives(f -> "store:7".equals(f.getString("channel", "")), Duration.ofMillis(500)));
        }
    }

    @Test
    void offsetsIncreaseByOnePerChannelAndMatchWhatPublishReturned() {
        String orderChannel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        try (var staff = user("cat", List.of("staff"), List.of())) {
            long start = staff.subscribe(orderChannel).getJsonObject("result").getJsonNumber("offset").longValue();
            long inventoryStart = staff.subscribe("inventory").getJsonObject("result").getJsonNumber("offset").longValue();
            for (int i = 1; i <= 5; i++) {
                JsonObject published = publish(orderChannel, "order.status_changed", "{\"step\":" + i + "}");
                assertEquals(start + i, published.getJsonNumber("offset").longValue());
                publish("inventory", "inventory.restocked", "{\"step\":" + i + "}");
            }
            for (int i = 1; i <= 5; i++) {
                JsonObject event = staff.awaitEvent(orderChannel);
                assertEquals(start + i, event.getJsonNumber("offset").longValue());
                assertEquals(i, event.getJsonObject("data").getInt("step"));
                assertEquals(inventoryStart + i, staff.awaitEvent("inventory").getJsonNumber("offset").longValue());
            }
        }
    }

    @Test
    void aRepeatedIdempotencyKeyPublishesOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{\"n\":1},\"idempotencyKey\":\"" + key + "\"}";
        try (var kitchen = user("kim", List.of("kitchen"), List.of())) {
            kitchen.subscribe("orders");
            JsonObject first = Http.json(Http.post(base, "api/v1/publish", PUBLISHER, body));
            JsonObject again = Http.json(Http.post(base, "api/v1/publish", PUBLISHER, body));
            assertEquals(first, again);
            publish("orders", "order.created", "{\"n\":2}");
            assertEquals(1, kitchen.awaitEvent("orders").getJsonObject("data").getInt("n"));
            assertEquals(2, kitchen.awaitEvent("orders").getJsonObject("data").getInt("n"), "no duplicate between");
        }
    }

    @Test
    void anEventFilterDeliversOnlyTheNamedEvents() {
        try (var kitchen = user("kai", List.of("kitchen"), List.of())) {
            assertEquals("reply", kitchen.request("subscribe",
                    "\"channel\":\"orders\",\"events\":[\"order.cancelled\"]").getString("type"));
            publish("orders", "order.created", "{\"n\":1}");
            publish("orders", "order.cancelled", "{\"n\":2}");
            JsonObject event = kitchen.awaitEvent("orders");
            assertEquals("order.cancelled", event.getString("event"));
        }
    }

    @Test
    void broadcastReachesEveryConnectionWithoutSubscribing() {
        try (var anonymous = WsClient.connect(base)) {
            anonymous.awaitType("connected");
            var response = Http.post(base, "api/v1/broadcast", PUBLISHER,
                    "{\"event\":\"system.maintenance\",\"data\":{\"at\":\"02:00\"}}");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("system.maintenance", anonymous.awaitEvent("broadcast").getString("event"));
        }
    }

    /**
     * Publications from several publishers at once go out to an SSE stream one right behind the other. Each must
     * reach the client when it is written, not when a later write or the stream's keep-alive (15 s) pushes it out:
     * on WildFly the last events of a burst stayed in the response's buffer while its flush reported success.
     */
    @Test
    void everyEventOfABurstReachesAnSseStreamWithoutWaitingForTheNextWrite() throws Exception {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService publishers = Executors.newFixedThreadPool(8);
        try (var stream = SseClient.open(base, "?channel=" + channel, null, TestTokens.token("bea", "staff"))) {
            stream.next("subscribed");
            for (int burst = 0; burst < 4; burst++) {
                int first = burst * 40;
                var sent = new ArrayList<Future<JsonObject>>();
                for (int n = first; n < first + 40; n++) {
                    String data = "{\"n\":" + n + "}";
                    sent.add(publishers.submit(() -> publish(channel, "order.status_changed", data)));
                }
                for (var publication : sent) {
                    publication.get(30, TimeUnit.SECONDS);
                }
                var received = new TreeSet<Integer>();
                while (received.size() < 40) {
                    received.add(stream.next("event").data().getJsonObject("data").getInt("n"));
                }
                assertEquals(first, received.first(), "burst " + burst + " arrived whole, nothing else");
                assertEquals(first + 39, received.last(), "burst " + burst + " arrived whole, nothing else");
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    /**
     * Eight publishers at once to one channel: the request threads that hand their own publications over and the
     * broker's pool that takes what they leave must together deliver every publication once, in offset order, and
     * each publisher's in the order it published them.
     */
    @Test
    void concurrentPublishersReachASubscriberInOffsetOrderEachOnce() throws Exception {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        int publishers = 8;
        int each = 25;
        ExecutorService threads = Executors.newFixedThreadPool(publishers);
        try (var staff = user("dee", List.of("staff"), List.of())) {
            long start = staff.subscribe(channel).getJsonObject("result").getJsonNumber("offset").longValue();
            var sent = new ArrayList<Future<?>>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                sent.add(threads.submit(() -> {
                    for (int n = 0; n < each; n++) {
                        publish(channel, "order.status_changed", "{\"p\":" + publisher + ",\"n\":" + n + "}");
                    }
                }));
            }
            for (var publisher : sent) {
                publisher.get(60, TimeUnit.SECONDS);
            }
            int[] next = new int[publishers];
            for (long offset = start + 1; offset <= start + publishers * each; offset++) {
                JsonObject event = staff.awaitEvent(channel);
                assertEquals(offset, event.getJsonNumber("offset").longValue(), "offsets one by one, none twice");
                JsonObject data = event.getJsonObject("data");
                int publisher = data.getInt("p");
                assertEquals(next[publisher]++, data.getInt("n"), "publisher " + publisher + "'s own order");
            }
            assertFalse(staff.receives(f -> channel.equals(f.getString("channel", "")), Duration.ofMillis(300)),
                    "nothing after the last");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void orderNotificationsOfTheGatewayReachOrdersTheOrderAndTheCustomer() {
        String order = "o" + UUID.randomUUID().toString().substring(0, 8);
        try (var staff = user("sam", List.of("staff"), List.of()); var customer = user("789", List.of("customer"), List.of())) {
            staff.subscribe("orders");
            staff.subscribe("order:" + order);
            customer.subscribe("user:789");

            // a total no order holds (JavaScript would read this one as Infinity) publishes nothing
            var beyond = Http.post(base, "api/v1/notifications/order-created", PUBLISHER, "{\"orderId\":\"" + order
                    + "\",\"aliasId\":\"ORDER-BAD\",\"userId\":789,\"totalAmount\":1e1000000000}");
            assertEquals(400, beyond.statusCode(), beyond.body());
            assertTrue(Http.json(beyond).getString("detail").startsWith("totalAmount "), beyond.body());
            var created = Http.post(base, "api/v1/notifications/order-created", PUBLISHER, "{\"orderId\":\"" + order
                    + "\",\"aliasId\":\"ORDER-456\",\"userId\":789,\"totalAmount\":99.99,\"status\":\"created\"}");
            assertEquals(202, created.statusCode(), created.body());
            JsonObject onOrders = staff.awaitEvent("orders");
            assertEquals("order.created", onOrders.getString("event"));
            assertEquals("ORDER-456", onOrders.getJsonObject("data").getString("aliasId"));
            assertEquals("789", onOrders.getString("userId"));
            assertEquals(onOrders.getString("id"), staff.awaitEvent("order:" + order).getString("id"),
                    "one message, one id, on every channel, and the first on the order's");
            assertEquals("order.created", customer.awaitEvent("user:789").getString("event"));

            var updated = Http.post(base, "api/v1/notifications/order-status-update", PUBLISHER, "{\"orderId\":\""
                    + order + "\",\"userId\":\"789\",\"newStatus\":\"shipped\",\"previousStatus\":\"created\"}");
            assertEquals(202, updated.statusCode(), updated.body());
            JsonObject change = customer.awaitEvent("user:789");
            assertEquals("order.status_changed", change.getString("event"));
            assertEquals("created", change.getJsonObject("data").getString("previousStatus"));
            assertEquals("shipped", change.getJsonObject("data").getString("status"));
            assertTrue(change.getJsonObject("data").getString("message").contains("created to shipped"));
        }
    }

    @Test
    void inventoryAlertsFollowThresholdCrossings() {
        try (var staff = user("sue", List.of("staff"), List.of())) {
            staff.subscribe("inventory");
            assertEquals("inventory.low_stock", alert(12, 5, 10));
            assertEquals("inventory.out_of_stock", alert(5, 0, 10));
            assertEquals("inventory.restocked", alert(0, 50, 10));
            assertEquals("null", alert(50, 45, 10), "no crossing, no alert");
            for (String expected : List.of("low_stock", "out_of_stock", "restocked")) {
                JsonObject event = staff.awaitEvent("inventory");
                assertEquals("inventory." + expected, event.getString("event"));
                assertEquals(expected, event.getJsonObject("data").getString("status"));
                assertEquals("101", event.getJsonObject("data").getString("productId"));
            }
            assertFalse(staff.receives(f -> "inventory".equals(f.getString("channel", "")), Duration.ofMillis(300)));
        }
    }

    @Test
    void aUserNotificationReachesThatUserOnly() {
        try (var zoe = user("zoe", List.of(), List.of()); var yan = user("yan", List.of(), List.of())) {
            zoe.subscribe("user:zoe");
            yan.subscribe("user:yan");
            var response = Http.post(base, "api/v1/notifications/users/zoe", PUBLISHER,
                    "{\"type\":\"order_created\",\"title\":\"Order Created Successfully\",\"message\":\"Your order is in\","
                            + "\"data\":{\"orderId\":\"123\"}}");
            assertEquals(202, response.statusCode(), response.body());
            JsonObject note = zoe.awaitEvent("user:zoe");
            assertEquals("notification", note.getString("event"));
            assertEquals("Order Created Successfully", note.getJsonObject("data").getString("title"));
            assertEquals("123", note.getJsonObject("data").getJsonObject("data").getString("orderId"));
            assertFalse(yan.receives(f -> "event".equals(f.getString("type")), Duration.ofMillis(300)));
        }
    }

    @Test
    void nothingIsPushedForARolledBackTransaction() {
        try (var staff = user("tom", List.of("staff"), List.of())) {
            staff.subscribe("orders");
            assertEquals(200, Http.post(base, "api/v1/test/transactions/rollback/r1", null, "").statusCode());
            assertEquals(200, Http.post(base, "api/v1/test/transactions/commit/c1", null, "").statusCode());
            // other orders of the shared server may move meanwhile (a kitchen simulation finishing): only r1 and c1 count
            JsonObject first = staff.await(f -> WsClient.isPublishedEvent(f) && "orders".equals(f.getString("channel"))
                    && List.of("r1", "c1").contains(f.getJsonObject("data").getString("orderId", "")));
            assertEquals("c1", first.getJsonObject("data").getString("orderId"), "the rolled-back r1 came first");
            assertFalse(staff.receives(f -> f.toString().contains("\"r1\""), Duration.ofMillis(300)));
        }
    }

    @Test
    void accountAndStoreEventsAreCheckedAgainstTheCatalog() {
        try (var alice = user("alice", List.of(), List.of())) {
            alice.subscribe("user:alice");
            var missing = Http.post(base, "api/v1/publish", PUBLISHER,
                    "{\"channel\":\"user:alice\",\"event\":\"profile.updated\",\"data\":{\"action\":\"profile_updated\"}}");
            assertEquals(400, missing.statusCode());
            assertTrue(Http.json(missing).getString("detail").contains("userId"), missing.body());
            var misplaced = Http.post(base, "api/v1/publish", PUBLISHER,
                    "{\"channel\":\"store:7\",\"event\":\"profile.updated\",\"data\":{\"userId\":\"alice\"}}");
            assertEquals(400, misplaced.statusCode());
            assertTrue(Http.json(misplaced).getString("detail").contains("[user]"), misplaced.body());
            publish("user:alice", "profile.updated", "{\"userId\":\"alice\",\"action\":\"profile_updated\","
                    + "\"profile\":{\"firstName\":\"Alice\"},\"updatedFields\":{\"firstName\":true}}");
            JsonObject event = alice.awaitEvent("user:alice");
            assertEquals("profile.updated", event.getString("event"));
            assertEquals("Alice", event.getJsonObject("data").getJsonObject("profile").getString("firstName"));
        }
    }

    @Test
    void theCatalogTheAsyncApiDocumentAndOpenApiAreServed() throws Exception {
        var catalog = Http.get(base, "api/v1/catalog", null);
        assertEquals(200, catalog.statusCode());
        JsonObject orderCreated = Http.json("{\"c\":" + catalog.body() + "}").getJsonArray("c").getValuesAs(JsonObject.class)
                .stream().filter(e -> "order.created".equals(e.getString("event"))).findFirst().orElseThrow();
        assertTrue(orderCreated.getJsonArray("namespaces").toString().contains("orders"));
        assertEquals("string", orderCreated.getJsonObject("payload").getString("orderId"));
        var asyncApiResponse = Http.get(base, "asyncapi.json", null);
        assertTrue(asyncApiResponse.headers().firstValue("Content-Type").orElse("").toLowerCase().contains("utf-8"),
                "served as UTF-8: " + asyncApiResponse.headers().firstValue("Content-Type"));
        JsonObject asyncApi = Http.json(asyncApiResponse);
        assertEquals("3.0.0", asyncApi.getString("asyncapi"));
        assertTrue(asyncApi.getJsonObject("components").getJsonObject("messages").containsKey("inventory.low_stock"));
        assertTrue(asyncApi.getJsonObject("components").getJsonObject("messages").containsKey("server.presence"));
        assertTrue(asyncApi.getJsonObject("components").getJsonObject("messages").containsKey("client.publish"));
        assertTrue(asyncApi.getJsonObject("channels").containsKey("ws"));
        var openApi = Http.get(new URL(base, "/"), "openapi", null);
        assertEquals(200, openApi.statusCode());
        // the document META-INF/openapi.yaml validated by the Node tests, as served: no key OpenAPI does not know
        var rootKeys = openApi.body().lines().filter(line -> line.matches("[a-z]\\w*:.*"))
                .map(line -> line.substring(0, line.indexOf(':'))).toList();
        assertTrue(rootKeys.containsAll(List.of("openapi", "info", "servers", "security", "tags", "paths",
                "components")), rootKeys.toString());
        assertTrue(OPENAPI_ROOT_KEYS.containsAll(rootKeys), "only keys OpenAPI knows, in any order: " + rootKeys);
        for (String operation : List.of("/api/v1/processing/runs:", "/api/v1/processing/runs/{id}/pause:",
                "/api/v1/processing/runs/{id}/resume:", "/api/v1/processing/status:", "/api/v1/jobs:",
                "/api/v1/dashboard/metrics:", "/api/v1/dashboard/commissions/{id}/status:", "operationId: publish")) {
            assertTrue(openApi.body().contains(operation), operation + " is in /openapi");
        }
    }

    @Test
    void anIdempotencyKeyBelongsToItsPublisherItsChannelAndItsRequest() {
        String key = UUID.randomUUID().toString();
        String first = "{\"channel\":\"inventory\",\"event\":\"inventory.restocked\",\"data\":{\"n\":1},\"idempotencyKey\":\"" + key + "\"}";
        String other = "{\"channel\":\"inventory\",\"event\":\"inventory.restocked\",\"data\":{\"n\":2},\"idempotencyKey\":\"" + key + "\"}";
        String elsewhere = "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{\"n\":3},\"idempotencyKey\":\"" + key + "\"}";
        var published = Http.post(base, "api/v1/publish", PUBLISHER, first);
        assertEquals(200, published.statusCode(), published.body());
        var reused = Http.post(base, "api/v1/publish", PUBLISHER, other);
        assertEquals(409, reused.statusCode(), "a key reused for another request is refused, not silently dropped");
        assertEquals("application/problem+json", reused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Http.json(reused).getString("detail").contains(key), reused.body());
        var onAnotherChannel = Http.post(base, "api/v1/publish", PUBLISHER, elsewhere);
        assertEquals(200, onAnotherChannel.statusCode(), "keys are per channel: " + onAnotherChannel.body());

        String secondPublisher = TestTokens.token("svc-two", "publisher");
        try (var staff = user("stan", List.of("staff"), List.of())) {
            staff.subscribe("inventory");
            var theirs = Http.post(base, "api/v1/publish", secondPublisher, other);
            assertEquals(200, theirs.statusCode(), theirs.body());
            assertEquals("inventory", Http.json(theirs).getString("channel"), "another publisher's key is its own");
            assertEquals(2, staff.awaitEvent("inventory").getJsonObject("data").getInt("n"));
        }
    }

    /**
     * Bodies are read with blocking calls, so a client sending its bodies a byte at a time held a worker thread for
     * each: 40 such requests stopped a node, its health check included. At most {@code body-waits-per-client} (8) of
     * one client's requests wait for their bodies; the rest are refused at once, and another client is served
     * meanwhile. A waiting request whose body comes is served, and a closed one gives its place back.
     */
    @Test
    void aClientSendingBodiesSlowlyHoldsEightThreadsAndFurtherSlowBodiesAreRefusedAtOnce() throws Exception {
        String publication = "{\"channel\":\"processing:slow-bodies\",\"event\":\"job.progress\",\"data\":{}}";
        String head = "POST " + base.getPath() + "api/v1/publish HTTP/1.1\r\nAuthorization: Bearer " + PUBLISHER
                + "\r\nContent-Type: application/json\r\nContent-Length: " + publication.length() + "\r\n";
        List<Socket> slow = slowBodies(head, 12);
        try {
            List<Socket> refused = RawHttp.answered(slow, 4);
            assertEquals(4, refused.size(), "8 requests wait for their bodies and 4 are refused");
            RawHttp.assertRefused(refused, 429);
            try (Socket other = RawHttp.sendWithBody(base, "127.0.0.2", "POST " + base.getPath()
                    + "api/v1/publish HTTP/1.1\r\nAuthorization: Bearer " + PUBLISHER
                    + "\r\nContent-Type: application/json\r\n", publication)) {
                assertEquals("200", RawHttp.status(other), "another client's publication is served meanwhile");
            }
            Socket waiting = slow.stream().filter(s -> !refused.contains(s)).findFirst().orElseThrow();
            waiting.getOutputStream().write(publication.substring(1).getBytes(StandardCharsets.US_ASCII));
            assertEquals("200", RawHttp.status(waiting), "a waiting body that comes is published");
        } finally {
            RawHttp.closeAll(slow);
        }
        // the closed requests' places are given back: 8 slow bodies wait again, none refused
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<Socket> again = slowBodies(head, 8);
            try {
                List<Socket> refused = RawHttp.answered(again, 1);
                if (refused.isEmpty()) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "closed slow bodies kept their places");
            } finally {
                RawHttp.closeAll(again);
            }
            Thread.sleep(500);
        }
    }

    private List<Socket> slowBodies(String head, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(RawHttp.slowBody(base, null, head));
        }
        return sockets;
    }

    @Test
    void aPublicationOverTheSizeLimitGets413AndIsNotKept() {
        String blob = "x".repeat(1100 * 1024);   // over the test deployment's 1 MiB (the default is 64 KiB)
        var response = Http.post(base, "api/v1/publish", PUBLISHER,
                "{\"channel\":\"broadcast\",\"event\":\"system.test\",\"data\":{\"blob\":\"" + blob + "\"}}");
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(Http.json(response).getString("detail").contains("ordercast.publish.max-bytes"));
        var broadcast = Http.post(base, "api/v1/broadcast", PUBLISHER,
                "{\"event\":\"system.test\",\"data\":{\"blob\":\"" + blob + "\"}}");
        assertEquals(413, broadcast.statusCode(), broadcast.body());
    }

    /**
     * A body with more after its JSON value, or with a key given twice, is refused by the publish servlet and the JAX-RS
     * resources alike. Read leniently, as JSON-P and JSON-B read, the first publishes the first value and the second
     * publishes to the channel named last; neither publishes anything here, nor does a string with half a surrogate
     * pair.
     */
    @Test
    void aBodyWithMoreAfterItsValueOrAKeyTwiceIsRefusedAndPublishesNothing() {
        String first = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String last = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String one = "{\"channel\":\"" + first + "\",\"event\":\"order.created\",\"data\":{\"n\":1}}";
        List<String[]> bad = List.of(
                new String[] {"publish", one + " {\"n\":2}", "unexpected input at line 1, column "},
                new String[] {"publish", "{\"channel\":\"" + first + "\",\"event\":\"order.created\",\"channel\":\"" + last
                        + "\"}", "key 'channel' appears twice in one object"},
                new String[] {"publish/batch", "{\"publications\":[" + one + "]}]", "unexpected input"},
                new String[] {"publish/batch", "{\"publications\":[{\"channel\":\"" + first + "\",\"event\":\"order.created\","
                        + "\"event\":\"order.cancelled\"}]}", "key 'event' appears twice in one object"},
                new String[] {"broadcast", "{\"channels\":[\"" + first + "\"],\"event\":\"order.created\",\"data\":{}}x",
                        "unexpected input"},
                new String[] {"broadcast", "{\"channels\":[\"" + first + "\"],\"event\":\"order.created\",\"data\":{},"
                        + "\"channels\":[\"" + last + "\"]}", "key 'channels' appears twice in one object"},
                new String[] {"notifications/users/uma", "{\"type\":\"t\",\"title\":\"x\",\"message\":\"m\",\"data\":{}}{}",
                        "unexpected input"},
                // the escape of half a surrogate pair, which no UTF-8 can carry on: it reached subscribers as "?"
                new String[] {"publish", "{\"channel\":\"" + first + "\",\"event\":\"order.created\",\"data\":\"a\\ud800\"}",
                        "a string holds half of a surrogate pair (\\ud800) without the other"},
                new String[] {"broadcast", "{\"channels\":[\"" + first + "\"],\"event\":\"order.created\",\"data\":"
                        + "{\"\\udfff\":1}}", "a string holds half of a surrogate pair (\\udfff) without the other"});
        for (String[] request : bad) {
            var response = Http.post(base, "api/v1/" + request[0], PUBLISHER, request[1]);
            assertEquals(400, response.statusCode(), request[1] + " -> " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
            String detail = Http.json(response).getString("detail");
            assertTrue(detail.startsWith("the request body is not valid JSON: ") && detail.contains(request[2]),
                    request[1] + " -> " + detail);
        }
        assertEquals(1, publish(first, "order.created", "{}").getInt("offset"), "nothing was published to " + first);
        assertEquals(1, publish(last, "order.created", "{}").getInt("offset"), "nothing was published to " + last);
    }

    /**
     * A body is text in the charset its {@code Content-Type} names, UTF-8 when it names none: a byte that is no
     * character of it was read as U+FFFD and published as such. A charset the server does not have, and a compressed
     * body, are 415. None of them publishes anything; a body in the charset it names is published as sent.
     */
    @Test
    void aBodyThatIsNotTextInItsCharsetOrIsCompressedIsRefusedAndPublishesNothing() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> bodies = Map.of(
                "publish", "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{\"name\":\"caf\u00e9\"}}",
                "publish/batch", "{\"publications\":[{\"channel\":\"" + channel
                        + "\",\"event\":\"order.created\",\"data\":\"caf\u00e9\"}]}",
                "broadcast", "{\"channels\":[\"" + channel + "\"],\"event\":\"order.created\",\"data\":\"caf\u00e9\"}");
        bodies.forEach((path, body) -> {
            byte[] latin = body.getBytes(StandardCharsets.ISO_8859_1);
            var undeclared = Http.post(base, "api/v1/" + path, PUBLISHER, latin, "Content-Type", "application/json");
            assertEquals(400, undeclared.statusCode(), path + " -> " + undeclared.body());
            assertEquals("the request body is not valid UTF-8 at byte " + (body.indexOf('\u00e9') + 1),
                    Http.json(undeclared).getString("detail"), path);

            byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
            var unknown = Http.post(base, "api/v1/" + path, PUBLISHER, utf8,
                    "Content-Type", "application/json; charset=no-such-charset");
            assertEquals(415, unknown.statusCode(), path + " -> " + unknown.body());
            assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""), path);
            assertEquals("charset 'no-such-charset' is not supported: send UTF-8",
                    Http.json(unknown).getString("detail"), path);

            var compressed = Http.post(base, "api/v1/" + path, PUBLISHER, gzip(utf8),
                    "Content-Type", "application/json", "Content-Encoding", "gzip");
            assertEquals(415, compressed.statusCode(), path + " -> " + compressed.body());
            assertEquals("identity", compressed.headers().firstValue("Accept-Encoding").orElse(""), path);
            assertEquals("Content-Encoding 'gzip' is not supported: send the body uncompressed",
                    Http.json(compressed).getString("detail"), path);
        });

        var declared = Http.post(base, "api/v1/publish", PUBLISHER,
                bodies.get("publish").getBytes(StandardCharsets.ISO_8859_1),
                "Content-Type", "application/json; charset=ISO-8859-1");
        assertEquals(200, declared.statusCode(), declared.body());
        assertEquals(1, Http.json(declared).getInt("offset"), "nothing was published to " + channel + " before");
        var history = Http.get(base, "api/v1/channels/" + channel + "/events?since=0&epoch=none",
                TestTokens.token("ada", "admin"));
        assertEquals("caf\u00e9", Http.json(history).getJsonArray("publications").getJsonObject(0)
                .getJsonObject("data").getString("name"), history.body());
    }

    private static byte[] gzip(byte[] bytes) {
        var compressed = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(compressed)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    @Test
    void badPublishRequestsGetProblemDetails() {
        Map<String, String> bad = Map.of(
                "{\"event\":\"order.created\",\"data\":{}}", "channel",
                "{\"channel\":\"orders\",\"event\":\"Order Created\"}", "event",
                "{\"channel\":\"nowhere:1\",\"event\":\"order.created\"}", "nowhere",
                "{\"channel\":\"Orders!\",\"event\":\"order.created\"}", "namespace",
                "{\"channel\":", "JSON",
                "[1,2]", "JSON",
                "{\"channel\":7,\"event\":\"order.created\"}", "channel must be a string",
                "{\"channel\":\"orders\",\"event\":\"order.created\",\"idempotencyKey\":\"\"}", "idempotencyKey",
                "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "JSON",
                "", "JSON");
        bad.forEach((body, mentions) -> {
            var response = Http.post(base, "api/v1/publish", PUBLISHER, body);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), body);
            JsonObject problem = Http.json(response);
            assertEquals(400, problem.getInt("status"));
            assertTrue(problem.getString("detail").contains(mentions), body + " -> " + problem);
            assertFalse(response.body().contains("Exception"), response.body());
        });
        var violations = Http.json(Http.post(base, "api/v1/publish", PUBLISHER, "{\"event\":\"Bad Name\"}"))
                .getJsonArray("violations");
        assertEquals(2, violations.size(), "each field named: " + violations);

        String body = "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{\"n\":1}}";
        var form = Http.send(base, "api/v1/publish", PUBLISHER, "POST", "text/plain", body);
        assertEquals(415, form.statusCode(), form.body());
        assertEquals("application/problem+json", form.headers().firstValue("Content-Type").orElse(""));
        var read = Http.send(base, "api/v1/publish", PUBLISHER, "GET", null, null);
        assertEquals(405, read.statusCode(), read.body());
        assertEquals(405, Http.json(read).getInt("status"));
        assertTrue(read.headers().firstValue("Allow").orElse("").contains("POST"), read.headers().toString());
        var json = Http.send(base, "api/v1/publish", PUBLISHER, "POST", "application/json; charset=UTF-8", body);
        assertEquals(200, json.statusCode(), json.body());
        assertEquals("orders", Http.json(json).getString("channel"));
    }

    @Test
    void aBatchPublishesEachInTurnAndAnswersEachInItsPlace() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        String keyed = "{\"channel\":\"" + channel + "\",\"event\":\"order.status_changed\",\"data\":{\"n\":3},"
                + "\"idempotencyKey\":\"" + key + "\"}";
        try (var staff = user("bob", List.of("staff"), List.of())) {
            long start = staff.subscribe(channel).getJsonObject("result").getJsonNumber("offset").longValue();
            long inventoryStart = staff.subscribe("inventory").getJsonObject("result").getJsonNumber("offset").longValue();
            var response = Http.post(base, "api/v1/publish/batch", PUBLISHER, "{\"publications\":["
                    + "{\"channel\":\"" + channel + "\",\"event\":\"order.status_changed\",\"data\":{\"n\":1}},"
                    + "{\"channel\":\"inventory\",\"event\":\"inventory.restocked\",\"data\":{\"n\":2}},"
                    + "{\"channel\":\"" + channel + "\",\"event\":\"Bad Name\"},"
                    + "{\"channel\":\"nowhere:1\",\"event\":\"order.created\"},"
                    + "7,"
                    + keyed + "," + keyed + "]}");
            assertEquals(200, response.statusCode(), response.body());
            List<JsonObject> results = Http.json(response).getJsonArray("results").getValuesAs(JsonObject.class);
            assertEquals(List.of(200, 200, 400, 400, 400, 200, 200),
                    results.stream().map(r -> r.getInt("status")).toList(), response.body());
            assertEquals(channel, results.get(0).getString("channel"));
            assertEquals(start + 1, results.get(0).getJsonNumber("offset").longValue());
            assertEquals(inventoryStart + 1, results.get(1).getJsonNumber("offset").longValue());
            assertEquals("event", results.get(2).getJsonArray("violations").getJsonObject(0).getString("field"));
            assertTrue(results.get(3).getString("detail").contains("nowhere"), results.get(3).toString());
            assertTrue(results.get(4).getString("detail").contains("JSON object"), results.get(4).toString());
            assertEquals(start + 2, results.get(5).getJsonNumber("offset").longValue(), "refused ones take no offset");
            assertEquals(results.get(5), results.get(6), "the same key again: the first result, published once");
            assertFalse(response.body().contains("Exception"), response.body());

            JsonObject first = staff.awaitEvent(channel);
            assertEquals(start + 1, first.getJsonNumber("offset").longValue());
            assertEquals(1, first.getJsonObject("data").getInt("n"));
            JsonObject second = staff.awaitEvent(channel);
            assertEquals(start + 2, second.getJsonNumber("offset").longValue());
            assertEquals(3, second.getJsonObject("data").getInt("n"));
            assertEquals(2, staff.awaitEvent("inventory").getJsonObject("data").getInt("n"));
            assertFalse(staff.receives(f -> channel.equals(f.getString("channel", "")), Duration.ofMillis(500)),
                    "nothing else on the channel: no duplicate, nothing from the refused ones");
        }
    }

    @Test
    void aBatchOutsideItsLimitsIsRefusedWholeAndAPublicationOutsideThemAlone() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String one = "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{}}";
        Map<String, String> bad = Map.of(
                "{\"publications\":[]}", "ordercast.publish.max-batch",
                "{\"publications\":[" + String.join(",", java.util.Collections.nCopies(101, one)) + "]}",
                "ordercast.publish.max-batch",
                "{\"publications\":" + one + "}", "array",
                "[" + one + "]", "JSON",
                "{\"publications\":[" + one, "JSON");
        try (var staff = user("bea", List.of("staff"), List.of())) {
            long start = staff.subscribe(channel).getJsonObject("result").getJsonNumber("offset").longValue();
            bad.forEach((body, mentions) -> {
                var response = Http.post(base, "api/v1/publish/batch", PUBLISHER, body);
                String shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
                assertEquals(400, response.statusCode(), shown + " -> " + response.body());
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
                assertTrue(Http.json(response).getString("detail").contains(mentions), shown + " -> " + response.body());
            });
            var anonymous = Http.post(base, "api/v1/publish/batch", null, "{\"publications\":[" + one + "]}");
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            var subscriber = Http.post(base, "api/v1/publish/batch", TestTokens.token("sue", "staff"),
                    "{\"publications\":[" + one + "]}");
            assertEquals(403, subscriber.statusCode(), subscriber.body());
            var text = Http.send(base, "api/v1/publish/batch", PUBLISHER, "POST", "text/plain",
                    "{\"publications\":[" + one + "]}");
            assertEquals(415, text.statusCode(), text.body());

            assertEquals(start + 1, publish(channel, "order.created", "{\"n\":1}").getJsonNumber("offset").longValue(),
                    "none of the refused batches published anything");
            assertEquals(1, staff.awaitEvent(channel).getJsonObject("data").getInt("n"));

            String blob = "x".repeat(1100 * 1024);   // over the test deployment's 1 MiB (the default is 64 KiB)
            var oneTooLarge = Http.post(base, "api/v1/publish/batch", PUBLISHER, "{\"publications\":["
                    + "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{\"blob\":\"" + blob + "\"}},"
                    + "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{\"n\":2}}]}");
            assertEquals(200, oneTooLarge.statusCode(), oneTooLarge.body());
            List<JsonObject> results = Http.json(oneTooLarge).getJsonArray("results").getValuesAs(JsonObject.class);
            assertEquals(413, results.get(0).getInt("status"), results.toString());
            assertTrue(results.get(0).getString("detail").contains("ordercast.publish.max-bytes"), results.toString());
            assertEquals(start + 2, results.get(1).getJsonNumber("offset").longValue(), "the one after it is published");
            assertEquals(2, staff.awaitEvent(channel).getJsonObject("data").getInt("n"));
        }
    }

    private WsClient user(String id, List<String> groups, List<String> stores) {
        return WsClient.connectAs(base, id, groups, stores);
    }

    private JsonObject publish(String channel, String event, String data) {
        var response = Http.post(base, "api/v1/publish", PUBLISHER,
                "{\"channel\":\"" + channel + "\",\"event\":\"" + event + "\",\"data\":" + data + "}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private String alert(int previous, int current, int threshold) {
        var response = Http.post(base, "api/v1/notifications/inventory-alert", PUBLISHER, "{\"productId\":101,"
                + "\"productName\":\"Flour\",\"previousQuantity\":" + previous + ",\"currentQuantity\":" + current
                + ",\"threshold\":" + threshold + "}");
        assertTrue(response.statusCode() == 200 || response.statusCode() == 202, response.body());
        return String.valueOf(Http.json(response).get("event")).replace("\"", "");
    }
}
