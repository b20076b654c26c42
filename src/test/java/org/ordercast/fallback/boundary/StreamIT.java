package org.ordercast.fallback.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Deployments;
import org.ordercast.testing.Http;
import org.ordercast.testing.RawHttp;
import org.ordercast.testing.SseClient;
import org.ordercast.testing.TestTokens;

/**
 * The HTTP fallbacks under pressure: an SSE client that stops reading, channels nobody publishes to, and an
 * administrator ending a user's streams and long-polls.
 */
@ExtendWith(ArquillianExtension.class)
class StreamIT {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");
    private static final String ADMIN = TestTokens.token("ada", "admin");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // a queue of frames a reading client never fills in a burst, and a byte cap the stalled one passes soon
        return Deployments.ordercast(Map.of("ordercast.broker.sweep-seconds", "1", "ordercast.sse.keep-alive", "1",
                "ordercast.ws.queue-size", "1024", "ordercast.ws.queue-bytes", String.valueOf(2 * 1024 * 1024),
                "ordercast.sse.write-timeout", "3"));
    }

    @Test
    void aStreamWhoseClientStopsReadingIsCutOffWith4008WhileOthersKeepReceiving() throws Exception {
        try (var stalled = new Socket(); var reader = SseClient.open(base, "?channel=broadcast", null, null)) {
            stalled.setReceiveBufferSize(4096);
            stalled.setSoTimeout(1000);
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + base.getPath() + "api/v1/stream?channel=broadcast HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reader.next("subscribed");
            String blob = "x".repeat(16 * 1024);
            int published = 1200;
            for (int n = 1; n <= published; n++) {
                var response = Http.post(base, "api/v1/publish", PUBLISHER,
                        "{\"channel\":\"broadcast\",\"event\":\"system.test\",\"data\":{\"n\":" + n + ",\"blob\":\"" + blob + "\"}}");
                assertEquals(200, response.statusCode(), response.body());
            }
            SseClient.Event last = reader.next(e -> e.data().containsKey("data")
                    && e.data().getJsonObject("data").getInt("n") == published);
            assertEquals("broadcast", last.data().getString("channel"), "the reading client got everything");

            byte[] received = readUntilClosed(stalled.getInputStream(), Duration.ofSeconds(60));
            String tail = new String(received, Math.max(0, received.length - 4096), Math.min(received.length, 4096),
                    StandardCharsets.UTF_8);
            assertTrue(received.length < 9 * 1024 * 1024, "the stalled stream was buffered without bound: "
                    + received.length + " bytes of " + published * 16 * 1024);
            assertTrue(tail.contains("event: close") && tail.contains("\"code\":4008"), tail);
            assertEquals(1, stats().getInt("streams"), "only the reading client's stream is left");
        }
    }

    @Test
    void readsCreateNoChannelAndChannelsNobodyUsesAreForgotten() throws Exception {
        int before = stats().getInt("channels");
        for (int i = 0; i < 50; i++) {
            var read = Http.get(base, "api/v1/channels/processing:" + UUID.randomUUID() + "/events", null);
            assertEquals(200, read.statusCode(), read.body());
        }
        assertTrue(stats().getInt("channels") <= before, "a read created channels: " + stats());

        var query = new StringBuilder("?channel=processing:" + UUID.randomUUID());
        for (int i = 1; i < 100; i++) {
            query.append("&channel=processing:").append(UUID.randomUUID());
        }
        try (var stream = SseClient.open(base, query.toString(), null, null)) {
            for (int i = 0; i < 100; i++) {
                stream.next("subscribed");
            }
            assertTrue(stats().getInt("channels") >= before + 100, "every subscribed channel is held: " + stats());
        }
        awaitStats(s -> s.getInt("channels") <= before, "idle keep-last channels with nothing published stay");
    }

    @Test
    void anAdministratorsDisconnectEndsTheUsersStreamsAndLongPolls() throws Exception {
        String dan = TestTokens.token("dan", "staff");
        JsonObject cursor = Http.json(Http.get(base, "api/v1/channels/orders/events", dan));
        var http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(HttpRequest.newBuilder(URI.create(base
                        + "api/v1/channels/orders/events?since=" + cursor.getJsonNumber("offset") + "&epoch="
                        + cursor.getString("epoch") + "&wait=50")).header("Authorization", "Bearer " + dan).build(),
                HttpResponse.BodyHandlers.ofString());
        try (var stream = SseClient.open(base, "?channel=orders", null, dan)) {
            stream.next("subscribed");
            awaitStats(s -> s.getInt("streams") >= 2, "the stream and the long-poll are open");
            var response = Http.delete(base, "api/v1/connections?user=dan", ADMIN);
            assertEquals(2, Http.json(response).getInt("closed"), response.body());
            SseClient.Event closed = stream.next("close");
            assertEquals(4000, closed.data().getInt("code"));
            assertEquals(200, poll.get(10, TimeUnit.SECONDS).statusCode(), "the long-poll was answered at once");
        }
    }

    /**
     * Payara serves no HTTP/2 in clear text (server-config/payara): Java's HttpClient offers h2c on its first request
     * and is answered in HTTP/1.1. Payara closed such a connection after the answer without saying so, and the
     * client's next publication on it failed ("header parser received no bytes"); the answer now says
     * {@code Connection: close}.
     */
    @Test
    void anH2cOfferIsAnsweredInHttp1AndItsConnectionClosedWithSaying() throws Exception {
        for (int round = 0; round < 3; round++) {
            var client = HttpClient.newHttpClient();   // HTTP/2 preferred: an h2c offer on a new connection
            for (int i = 0; i < 10; i++) {
                var response = client.send(HttpRequest.newBuilder(URI.create(base + "api/v1/publish"))
                        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"processing:h2c\","
                                + "\"event\":\"job.progress\",\"data\":{\"i\":" + i + "}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            }
        }
        List<String> head = RawHttp.exchange(base, "GET " + base.getPath() + "api/v1/catalog HTTP/1.1\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n");
        assertTrue(head.get(0).startsWith("HTTP/1.1 200 "), head.toString());
        assertTrue(head.stream().anyMatch(h -> h.equalsIgnoreCase("Connection: close")), head.toString());
    }

    private JsonObject stats() {
        return Http.json(Http.get(base, "api/v1/websocket/stats", ADMIN)).getJsonObject("data");
    }

    private void awaitStats(Predicate<JsonObject> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonObject stats = stats();
        while (!condition.test(stats)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + stats);
            }
            Thread.sleep(200);
            stats = stats();
        }
    }

    /** Everything the server sends until it closes the connection. */
    private static byte[] readUntilClosed(InputStream in, Duration limit) throws Exception {
        var all = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                return all.toByteArray();
            }
            all.write(chunk, 0, n);
        }
        throw new AssertionError("the stalled stream was never ended; " + all.size() + " bytes so far");
    }
}
