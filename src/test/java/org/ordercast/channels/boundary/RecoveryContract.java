package org.ordercast.channels.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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

/** No missed update: recovery after a reconnect over WebSocket, SSE and long-polling. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class RecoveryContract {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");
    private static final String STAFF = TestTokens.token("sid", "staff");

    private final URL base;

    RecoveryContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void aClientAwayDuring500PublicationsRecoversExactlyThoseInOrder() {
        String channel = "orders";
        JsonObject cursor;
        try (var client = staff()) {
            cursor = client.subscribe(channel).getJsonObject("result");
        }
        for (int n = 1; n <= 500; n++) {
            publish(channel, n);
        }
        try (var client = staff()) {
            JsonObject result = resubscribe(client, channel, cursor).getJsonObject("result");
            assertTrue(result.getBoolean("recovered"));
            var replay = result.getJsonArray("publications").getValuesAs(JsonObject.class);
            // every publication since the cursor, none left out; an order event of another test's kitchen
            // simulation may be among them, as the channel is the one every order event goes to
            long offset = cursor.getJsonNumber("offset").longValue();
            for (int i = 0; i < replay.size(); i++) {
                assertEquals(offset + i + 1, replay.get(i).getJsonNumber("offset").longValue());
            }
            assertEquals(IntStream.rangeClosed(1, 500).boxed().toList(), replay.stream()
                    .filter(p -> "recovery.tick".equals(p.getString("event")))
                    .map(p -> p.getJsonObject("data").getInt("n")).toList());
            long replayed = offset + replay.size();
            publish(channel, 501);
            JsonObject live = client.await(f -> WsClient.isPublishedEvent(f)
                    && "recovery.tick".equals(f.getString("event")));
            assertEquals(501, live.getJsonObject("data").getInt("n"), "live events follow the replay, none twice");
            assertTrue(live.getJsonNumber("offset").longValue() > replayed);
        }
    }

    @Test
    void aClientAwayLongerThanTheHistoryIsToldItCannotRecover() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject cursor;
        try (var client = staff()) {
            publish(channel, 0);
            cursor = client.subscribe(channel).getJsonObject("result");
        }
        for (int n = 1; n <= 150; n++) {
            publish(channel, n);
        }
        try (var client = staff()) {
            JsonObject result = resubscribe(client, channel, cursor).getJsonObject("result");
            assertFalse(result.getBoolean("recovered"), "history of 100 cannot cover 150");
            assertTrue(result.getJsonArray("publications").isEmpty(), "never a partial replay");
            assertEquals(151, result.getJsonNumber("offset").longValue());
            JsonObject otherEpoch = client.request("subscribe", "\"channel\":\"" + channel
                    + "\",\"since\":{\"offset\":150,\"epoch\":\"elsewhen\"}").getJsonObject("result");
            assertFalse(otherEpoch.getBoolean("recovered"), "a reset history is not recovered from");
        }
    }

    @Test
    void twentyClientsDroppingAtRandomEachEndWithTheCompleteSequence() throws Exception {
        String channel = "inventory";
        int total = 400;
        JsonObject cursor;
        try (var probe = staff()) {
            cursor = probe.subscribe(channel).getJsonObject("result");
        }
        long start = cursor.getJsonNumber("offset").longValue();
        String epoch = cursor.getString("epoch");
        ExecutorService pool = Executors.newFixedThreadPool(21);
        Future<?> publisher = pool.submit(() -> {
            for (int n = 1; n <= total; n++) {
                publish(channel, n);
                sleep(ThreadLocalRandom.current().nextInt(0, 12));
            }
        });
        var clients = new ArrayList<Future<List<Long>>>();
        for (int c = 0; c < 20; c++) {
            // a user each: a dropped connection holds its user's seat until the server has seen it close, and
            // twenty reconnecting as one user could outrun ordercast.limits.connections-per-user
            String token = TestTokens.token("follower-" + c, "staff");
            clients.add(pool.submit(() -> followWithDrops(token, channel, epoch, start, start + total)));
        }
        publisher.get(120, TimeUnit.SECONDS);
        for (int c = 0; c < clients.size(); c++) {
            List<Long> offsets = clients.get(c).get(120, TimeUnit.SECONDS);
            assertEquals(total, offsets.size(), "client " + c);
            for (int i = 0; i < total; i++) {
                assertEquals(start + i + 1, offsets.get(i), "client " + c + ": gap-free, no duplicate");
            }
        }
        pool.shutdownNow();
    }

    /**
     * Follows a channel from {@code start}, dropping the connection after a random 50-400 ms each time (what
     * arrived but was not yet taken is lost with it) and resubscribing from the last offset it took.
     */
    private List<Long> followWithDrops(String token, String channel, String epoch, long start, long last) {
        var offsets = new ArrayList<Long>();
        long at = start;
        while (at < last) {
            try (var client = connectAs(token)) {
                JsonObject result = client.request("subscribe", "\"channel\":\"" + channel
                        + "\",\"since\":{\"offset\":" + at + ",\"epoch\":\"" + epoch + "\"}").getJsonObject("result");
                assertTrue(result.getBoolean("recovered"), "the history holds the gap");
                for (JsonObject p : result.getJsonArray("publications").getValuesAs(JsonObject.class)) {
                    at = take(offsets, p);
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(50, 400));
                while (at < last && System.nanoTime() < until) {
                    var event = client.poll(f -> "event".equals(f.getString("type", "")), Duration.ofMillis(50));
                    if (event.isPresent()) {
                        at = take(offsets, event.get());
                    }
                }
            }
        }
        return offsets;
    }

    private static long take(List<Long> offsets, JsonObject publication) {
        long offset = publication.getJsonNumber("offset").longValue();
        offsets.add(offset);
        return offset;
    }

    @Test
    void sseResumesFromLastEventIdWithoutLoss() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String lastId;
        try (var stream = SseClient.open(base, "?channel=" + channel, null, STAFF)) {
            var subscribed = stream.next("subscribed");
            assertFalse(subscribed.data().getBoolean("recovered"));
            for (int n = 1; n <= 5; n++) {
                publish(channel, n);
            }
            SseClient.Event event = null;
            for (int n = 1; n <= 5; n++) {
                event = stream.next("event");
                assertEquals(n, event.data().getJsonObject("data").getInt("n"));
                assertEquals(n, event.data().getJsonNumber("offset").longValue());
            }
            lastId = event.id();
        }
        for (int n = 6; n <= 10; n++) {
            publish(channel, n);
        }
        try (var stream = SseClient.open(base, "?channel=" + channel, lastId, STAFF)) {
            assertTrue(stream.next("subscribed").data().getBoolean("recovered"));
            for (int n = 6; n <= 10; n++) {
                assertEquals(n, stream.next("event").data().getJsonObject("data").getInt("n"), "in order, none lost");
            }
            publish(channel, 11);
            assertEquals(11, stream.next("event").data().getJsonObject("data").getInt("n"));
        }
    }

    /**
     * A page reloaded again and again: each time its stream's client leaves (its connection closed, as a browser
     * closes it over HTTP/1.1) and a new stream comes at once. At the user's limit, the streams whose client left are
     * found out and the new one is served; streams whose client is there keep their seats, and one more is refused.
     */
    @Test
    void aStreamOpenedRightAfterOthersWereLeftIsServedAtTheUsersLimit() throws Exception {
        String token = TestTokens.token("rho-" + UUID.randomUUID().toString().substring(0, 8), "staff");
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        int limit = Integer.parseInt(PortableServer.CONNECTIONS_PER_USER);
        var left = new ArrayList<Socket>();
        try {
            for (int i = 0; i < limit; i++) {
                Socket socket = RawHttp.send(base, null, "GET " + base.getPath() + "api/v1/stream?channel=" + channel + " "
                        + "HTTP/1.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n");
                left.add(socket);
                assertEquals("200", RawHttp.status(socket), "stream " + (i + 1));
                awaitSubscribed(socket);
            }
        } finally {
            for (Socket socket : left) {
                socket.close();
            }
        }
        var live = new ArrayList<SseClient>();
        try {
            for (int i = 0; i < limit; i++) {
                var stream = SseClient.open(base, "?channel=" + channel, null, token);
                live.add(stream);
                assertEquals(200, stream.status(), "stream " + (i + 1) + " after " + limit + " were left");
                stream.next("subscribed");
            }
            var beyond = Http.get(base, "api/v1/stream?channel=" + channel, token);
            assertEquals(429, beyond.statusCode(), beyond.body());
            publish(channel, 1);
            for (SseClient stream : live) {
                assertEquals(1, stream.next("event").data().getJsonObject("data").getInt("n"), "every live stream");
            }
        } finally {
            live.forEach(SseClient::close);
        }
    }

    /** Reads a raw stream until its {@code subscribed} event. */
    private static void awaitSubscribed(Socket socket) throws IOException {
        var seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!seen.toString().contains("\"subscribed\"")) {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                throw new IOException("the stream ended before its subscribed event: " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    @Test
    void sseRefusesWhatTheWebSocketRefuses() {
        assertEquals(403, SseClient.open(base, "?channel=orders", null, null).status());
        assertEquals(401, SseClient.open(base, "?channel=orders", null, TestTokens.expired("sid")).status());
        assertEquals(400, SseClient.open(base, "?channel=Bad%20Name", null, STAFF).status());
        assertEquals(400, SseClient.open(base, "", null, STAFF).status());
        assertEquals(400, SseClient.open(base, "?channel=orders", "orders~e1~-1", STAFF).status(),
                "an offset is 0 or more, as on /ws");
        assertEquals(400, SseClient.open(base, "?channel=orders", "orders~e1~next", STAFF).status());
        assertEquals(400, SseClient.open(base, "?channel=orders&lastEventId=orders~e1~-1", null, STAFF).status(),
                "the query's cursor is read as the header's");
        assertEquals(400, SseClient.open(base, "?channel=orders&lastEventId=orders~e1~0&lastEventId=orders~e1~9",
                null, STAFF).status(), "two cursors are none: not the first of them");
    }

    @Test
    void aPollWithAParameterOfTheWrongKindIsABadRequestThatNamesIt() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String epoch = poll(channel, "").getString("epoch");
        // JAX-RS answers a query parameter it cannot convert with a bare 404, as if the channel did not exist
        Map<String, String> refused = Map.of(
                "?since=abc&epoch=" + epoch, "query parameter 'since' must be an integer",
                "?since=99999999999999999999&epoch=" + epoch, "query parameter 'since' must fit in 64 bits",
                "?since=-1&epoch=" + epoch, "since is an offset: 0 or more",
                "?limit=ten", "query parameter 'limit' must be an integer",
                "?limit=99999999999", "query parameter 'limit' must fit in 32 bits",
                "?wait=1.5", "query parameter 'wait' must be an integer",
                "?wait=61", "limit must be 1-1000 and wait 0-60 seconds",
                // JAX-RS takes the first of a parameter's values and drops the others without a word
                "?since=0&epoch=" + epoch + "&since=5", "query parameter 'since' is given 2 times: give it once");
        refused.forEach((query, detail) -> {
            var response = Http.get(base, "api/v1/channels/" + channel + "/events" + query, STAFF);
            assertEquals(400, response.statusCode(), query + ": " + response.body());
            assertEquals(detail, Http.json(response).getString("detail"), query);
        });
        assertEquals(0, poll(channel, "?since=0&epoch=" + epoch + "&limit=&wait=").getJsonArray("publications")
                .size(), "an empty value is the default");
    }

    @Test
    void longPollingResumesFromItsCursorAndWaitsForTheNext() throws Exception {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject first = poll(channel, "");
        String epoch = first.getString("epoch");
        long offset = first.getJsonNumber("offset").longValue();
        for (int n = 1; n <= 3; n++) {
            publish(channel, n);
        }
        JsonObject missed = poll(channel, "?since=" + offset + "&epoch=" + epoch);
        assertTrue(missed.getBoolean("recovered"));
        assertEquals(List.of(1, 2, 3), missed.getJsonArray("publications").getValuesAs(JsonObject.class).stream()
                .map(p -> p.getJsonObject("data").getInt("n")).toList());
        long cursor = missed.getJsonNumber("offset").longValue();
        // the answer's epoch and offset are the cursor: the first poll, before anything was published, could not
        // know the epoch the channel got when its first publication created it
        String current = missed.getString("epoch");

        CompletableFuture<JsonObject> waiting = CompletableFuture.supplyAsync(
                () -> poll(channel, "?since=" + cursor + "&epoch=" + current + "&wait=20"));
        sleep(300);
        assertFalse(waiting.isDone(), "nothing new: the poll waits");
        publish(channel, 4);
        JsonObject next = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(4, next.getJsonArray("publications").getJsonObject(0).getJsonObject("data").getInt("n"));
        assertEquals(cursor + 1, next.getJsonNumber("offset").longValue());

        JsonObject timedOut = poll(channel, "?since=" + (cursor + 1) + "&epoch=" + current + "&wait=1");
        assertTrue(timedOut.getJsonArray("publications").isEmpty());
        assertTrue(timedOut.getBoolean("recovered"));
    }

    @Test
    void aCursorAtOffsetZeroNeedsNoEpochOnEitherTransport() {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        for (int n = 1; n <= 3; n++) {
            publish(channel, n);
        }
        JsonObject polled = poll(channel, "?since=0");
        assertTrue(polled.getBoolean("recovered"));
        assertEquals(List.of(1, 2, 3), numbers(polled));
        assertEquals(3, polled.getJsonNumber("offset").longValue());
        var refused = Http.get(base, "api/v1/channels/" + channel + "/events?since=2", STAFF);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("give the epoch of the cursor with since (only since=0 needs none)",
                Http.json(refused).getString("detail"));

        try (var client = staff()) {
            client.awaitType("connected");
            JsonObject reply = client.request("subscribe",
                    "\"channel\":\"" + channel + "\",\"since\":{\"offset\":0}").getJsonObject("result");
            assertTrue(reply.getBoolean("recovered"));
            assertEquals(polled.getString("epoch"), reply.getString("epoch"));
            assertEquals(List.of(1, 2, 3), numbers(reply));
        }
    }

    private static List<Integer> numbers(JsonObject position) {
        return position.getJsonArray("publications").getValuesAs(JsonObject.class).stream()
                .map(p -> p.getJsonObject("data").getInt("n")).toList();
    }

    @Test
    void pollersRevalidateWithTheETag() throws Exception {
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        publish(channel, 1);
        var client = HttpClient.newHttpClient();
        URI uri = URI.create(base + "api/v1/channels/" + channel + "/events?since=1&epoch=" + poll(channel, "").getString("epoch"));
        HttpResponse<String> fresh = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + STAFF)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fresh.statusCode());
        String tag = fresh.headers().firstValue("ETag").orElseThrow();
        assertTrue(fresh.headers().firstValue("Cache-Control").orElse("").contains("no-cache"));
        HttpResponse<String> same = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + STAFF)
                .header("If-None-Match", tag).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, same.statusCode());
    }

    @Test
    void aKeepLastChannelShowsTheCurrentStatusAtOnce() {
        Http.post(base, "api/v1/publish", PUBLISHER,
                "{\"channel\":\"processing\",\"event\":\"processing.status\",\"data\":{\"phase\":\"ENQUEUE_VIP\"}}");
        try (var client = WsClient.connect(base)) {
            client.awaitType("connected");
            JsonObject reply = client.subscribe("processing");
            long offset = reply.getJsonObject("result").getJsonNumber("offset").longValue();
            JsonObject current = client.awaitEvent("processing");
            assertEquals("ENQUEUE_VIP", current.getJsonObject("data").getString("phase"));
            assertEquals(offset, current.getJsonNumber("offset").longValue());
        }
        assertEquals("ENQUEUE_VIP", poll("processing", "").getJsonArray("publications").getJsonObject(0)
                .getJsonObject("data").getString("phase"), "and to a poller");
    }

    private JsonObject poll(String channel, String query) {
        var response = Http.get(base, "api/v1/channels/" + channel + "/events" + query, STAFF);
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private JsonObject resubscribe(WsClient client, String channel, JsonObject cursor) {
        return client.request("subscribe", "\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                + cursor.getJsonNumber("offset") + ",\"epoch\":\"" + cursor.getString("epoch") + "\"}");
    }

    private WsClient staff() {
        return connectAs(STAFF);
    }

    private WsClient connectAs(String token) {
        return WsClient.connect(base, "?access_token=" + token, Map.of());
    }

    private void publish(String channel, int n) {
        var response = Http.post(base, "api/v1/publish", PUBLISHER,
                "{\"channel\":\"" + channel + "\",\"event\":\"recovery.tick\",\"data\":{\"n\":" + n + "}}");
        assertEquals(200, response.statusCode(), response.body());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
