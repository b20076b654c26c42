package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
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
import org.ordercast.testing.WsClient;

/** Token lifecycle on open connections, presence, the abuse limits and the origin allow-list. */
@ExtendWith(ArquillianExtension.class)
class SessionRulesIT {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.ordercast(Map.of(
                "ordercast.limits.connections-per-ip-per-minute", "60",
                "ordercast.limits.trusted-proxies", "127.0.0.20, 127.0.1.0/24",
                "ordercast.limits.messages-per-second", "5",
                "ordercast.limits.subscriptions-per-connection", "4",
                "ordercast.limits.connections-per-user", "2",
                "ordercast.limits.anonymous-connections-per-address", "3",
                "ordercast.cors.origins", "http://allowed.example",
                "ordercast.presence.flush-ms", "300",
                "ordercast.limits.body-waits", "10"));
    }

    @Test
    void aRefreshBeforeExpiryKeepsTheConnection() throws InterruptedException {
        String shortLived = TestTokens.expiringIn(Duration.ofSeconds(3), "rita", "staff");
        try (var client = WsClient.connect(base, "?access_token=" + shortLived, Map.of())) {
            assertTrue(client.awaitType("connected").getInt("expiresIn") <= 3);
            client.subscribe("orders");
            JsonObject refreshed = client.request("authenticate", "\"token\":\"" + TestTokens.token("rita", "staff") + "\"");
            assertTrue(refreshed.getJsonObject("result").getInt("expiresIn") > 3500);
            assertEquals(-2, client.awaitClose(Duration.ofSeconds(7)), "still open past the old expiry and grace");
            Http.post(base, "api/v1/publish", PUBLISHER, "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{}}");
            assertEquals("order.created", client.awaitEvent("orders").getString("event"));
        }
    }

    @Test
    void anSseStreamEndsWhenItsTokenExpires() {
        String shortLived = TestTokens.expiringIn(Duration.ofSeconds(2), "sue", "staff");
        try (var stream = SseClient.open(base, "?channel=orders", null, shortLived)) {
            assertEquals("subscribed", stream.next("subscribed").data().getString("type"));
            SseClient.Event close = stream.next("close");
            assertEquals("close", close.name());
            assertEquals(4002, close.data().getInt("code"));
            assertFalse(close.id().isEmpty(), "the close event carries the cursor to resume from");
        }
    }

    @Test
    void aRefreshWithFewerRightsRemovesTheLostChannels() {
        try (var client = WsClient.connectAs(base, "sam", List.of("staff"), List.of("7"))) {
            client.subscribe("orders");
            client.subscribe("inventory");
            client.subscribe("store:7");
            JsonObject reply = client.request("authenticate",
                    "\"token\":\"" + TestTokens.token("sam", List.of("kitchen"), List.of()) + "\"");
            assertEquals("reply", reply.getString("type"));
            var lost = new ArrayList<String>();
            lost.add(client.awaitType("unsubscribed").getString("channel"));
            lost.add(client.awaitType("unsubscribed").getString("channel"));
            lost.sort(null);
            assertEquals(List.of("inventory", "store:7"), lost);
            assertFalse(client.receives(f -> "unsubscribed".equals(f.getString("type")), Duration.ofMillis(300)),
                    "kitchen keeps orders");
            Http.post(base, "api/v1/publish", PUBLISHER, "{\"channel\":\"inventory\",\"event\":\"inventory.restocked\",\"data\":{}}");
            Http.post(base, "api/v1/publish", PUBLISHER, "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{}}");
            assertEquals("orders", client.await(WsClient::isPublishedEvent).getString("channel"));
            JsonObject other = client.request("authenticate", "\"token\":\"" + TestTokens.token("mallory", "admin") + "\"");
            assertEquals("forbidden", other.getString("code"), "a connection cannot change user");
        }
    }

    @Test
    void presenceListsUsersAndAnnouncesTheLastSessionsLeave() {
        try (var watcher = WsClient.connectAs(base, "wes", List.of(), List.of("5"));
             var a1 = WsClient.connectAs(base, "ava", List.of(), List.of("5"));
             var a2 = WsClient.connectAs(base, "ava", List.of(), List.of("5"));
             var b = WsClient.connectAs(base, "bo", List.of(), List.of("5"))) {
            watcher.subscribe("store:5");
            for (WsClient client : List.of(a1, a2, b)) {
                client.subscribe("store:5");
            }
            JsonObject presence = watcher.request("presence", "\"channel\":\"store:5\"").getJsonObject("result");
            assertEquals(List.of("ava", "bo", "wes"), presence.getJsonArray("users").getValuesAs(JsonString::getString));
            assertEquals(4, presence.getInt("clients"));
            JsonObject rest = Http.json(Http.get(base, "api/v1/channels/store:5/presence",
                    TestTokens.token("wes", List.of(), List.of("5"))));
            assertEquals(presence, rest);

            a1.close();
            assertFalse(watcher.receives(f -> left(f, "ava"), Duration.ofMillis(900)), "ava still has a session");
            a2.close();
            JsonObject left = watcher.await(f -> left(f, "ava"));
            assertEquals("store:5", left.getString("channel"));
            assertEquals(List.of("ava"), left.getJsonArray("left").getValuesAs(JsonString::getString));
            assertEquals(403, Http.get(base, "api/v1/channels/store:5/presence", TestTokens.token("x")).statusCode());
        }
    }

    @Test
    void presenceChurnTakesNoOffsetAndReachesSseAsAPresenceEventWithoutId() {
        String token = TestTokens.token("pia", List.of(), List.of("6"));
        try (var watcher = WsClient.connectAs(base, "pia", List.of(), List.of("6"));
             var stream = SseClient.open(base, "?channel=store:6", null, token)) {
            watcher.subscribe("store:6");
            stream.next("subscribed");
            long before = publishToStore6();
            for (String user : List.of("quin", "rae", "sol")) {
                try (var visitor = WsClient.connectAs(base, user, List.of(), List.of("6"))) {
                    visitor.subscribe("store:6");
                    watcher.await(f -> "presence".equals(f.getString("type", ""))
                            && f.getJsonArray("joined").getValuesAs(JsonString::getString).contains(user));
                }
                watcher.await(f -> left(f, user));
            }
            assertEquals(before + 1, publishToStore6(), "three users came and went: the offset moved by one");
            SseClient.Event presence = stream.next("presence");
            assertEquals("presence", presence.name());
            assertEquals(null, presence.id(), "a presence event carries no id: it is no cursor position");
            JsonObject published = watcher.await(WsClient::isPublishedEvent);
            assertEquals(before, published.getJsonNumber("offset").longValue());
        }
    }

    private long publishToStore6() {
        var response = Http.post(base, "api/v1/publish", PUBLISHER,
                "{\"channel\":\"store:6\",\"event\":\"store.updated\",\"data\":{\"storeId\":\"6\",\"name\":\"x\"}}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response).getJsonNumber("offset").longValue();
    }

    private static boolean left(JsonObject frame, String user) {
        return "presence".equals(frame.getString("type", ""))
                && frame.getJsonArray("left").getValuesAs(JsonString::getString).contains(user);
    }

    @Test
    void tooManyMessagesAreRefusedAndAFloodIsCutOff() throws InterruptedException {
        try (var chatty = WsClient.connect(base); var calm = WsClient.connect(base)) {
            chatty.awaitType("connected");
            calm.awaitType("connected");
            var codes = new ArrayList<String>();
            for (int i = 0; i < 12; i++) {
                codes.add(chatty.request("pong", "").getString("type"));
            }
            assertEquals(10, codes.stream().filter("reply"::equals).count(), "a burst of twice the rate passes");
            assertEquals(2, codes.stream().filter("error"::equals).count());
            assertEquals("reply", calm.request("pong", "").getString("type"), "others are served");
            Thread.sleep(1100);
            assertEquals("reply", chatty.request("pong", "").getString("type"), "the allowance refills");
            for (int i = 0; i < 40; i++) {
                chatty.send("{\"type\":\"pong\"}");
            }
            assertEquals(4029, chatty.awaitClose(WsClient.TIMEOUT));
            assertEquals("reply", calm.request("pong", "").getString("type"));
        }
    }

    @Test
    void subscriptionsPerConnectionAreLimited() {
        try (var client = WsClient.connectAs(base, "sub", List.of("staff", "kitchen"), List.of("1"))) {
            assertEquals("reply", client.subscribe("orders").getString("type"));
            assertEquals("reply", client.subscribe("inventory").getString("type"));
            assertEquals("reply", client.subscribe("store:1").getString("type"), "broadcast plus three");
            JsonObject refused = client.subscribe("role:kitchen");
            assertEquals("rate_limited", refused.getString("code"));
            assertEquals("reply", client.subscribe("orders").getString("type"), "subscribing again is no new one");
        }
    }

    @Test
    void anSseStreamMayNameNoMoreChannelsThanAConnectionMaySubscribe() {
        try (var four = SseClient.open(base, "?channel=processing:a&channel=processing:b&channel=processing:c"
                + "&channel=processing:d", null, null)) {
            assertEquals(200, four.status());
        }
        var five = Http.get(base, "api/v1/stream?channel=processing:a&channel=processing:b&channel=processing:c"
                + "&channel=processing:d&channel=processing:e", null);
        assertEquals(400, five.statusCode());
        assertTrue(five.body().contains("subscriptions-per-connection"), five.body());
        assertEquals("application/problem+json", five.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void sseStreamsPerUserAreLimitedToo() {
        String token = TestTokens.token("ulla");
        try (var one = SseClient.open(base, "?channel=processing", null, token);
             var two = SseClient.open(base, "?channel=processing", null, token)) {
            one.next("subscribed");
            two.next("subscribed");
            var third = Http.get(base, "api/v1/stream?channel=processing", token);
            assertEquals(429, third.statusCode(), third.body());
            assertTrue(third.body().contains("connections-per-user"), third.body());
            try (var other = SseClient.open(base, "?channel=processing", null, TestTokens.token("ugo"))) {
                assertEquals(200, other.status(), "another user is served");
            }
        }
    }

    /**
     * A waiting long-poll holds a seat as a stream does: a user's streams and waiting polls together stay within
     * connections-per-user, and anonymous waiting polls within anonymous-connections-per-address per client address.
     * Before, one token (or none) could hold any number of polls open, each a socket, up to the process's file limit.
     */
    @Test
    void waitingPollsHoldSeatsPerUserAndAnonymousOnesPerAddress() throws Exception {
        String token = TestTokens.token("ursa");
        String mine = "api/v1/channels/user:ursa/events?" + cursorOf("user:ursa", token) + "&wait=30";
        var held = new ArrayList<Socket>();
        try (var stream = SseClient.open(base, "?channel=user:ursa", null, token)) {
            stream.next("subscribed");
            held.add(waitingPoll(null, mine, token));
            var third = Http.get(base, mine, token);
            assertEquals(429, third.statusCode(), "a stream and a waiting poll are her two seats: " + third.body());
            assertTrue(third.body().contains("connections-per-user"), third.body());
            assertTrue(third.headers().firstValue("Retry-After").isPresent());
            String other = TestTokens.token("uwe");
            assertEquals(200, Http.get(base, "api/v1/channels/user:uwe/events?" + cursorOf("user:uwe", other)
                    + "&wait=1", other).statusCode(), "another user's poll waits and is answered");
            Http.post(base, "api/v1/notifications/users/ursa", PUBLISHER,
                    "{\"type\":\"info\",\"title\":\"t\",\"message\":\"m\",\"data\":{}}");
            assertEquals("200", RawHttp.status(held.get(0)), "the waiting poll is answered by the notice");
            assertEquals(200, Http.get(base, mine, token).statusCode(), "and its seat is free again");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        String broadcast = "api/v1/channels/broadcast/events?" + cursorOf("broadcast", null) + "&wait=30";
        try {
            held.clear();
            for (int i = 0; i < 3; i++) {
                held.add(waitingPoll("127.0.0.30", broadcast, null));
            }
            Socket fourth = RawHttp.send(base, "127.0.0.30", "GET " + base.getPath() + broadcast + " HTTP/1.1\r\n");
            held.add(fourth);
            assertEquals("429", RawHttp.status(fourth),
                    "an address's anonymous polls have three seats (anonymous-connections-per-address)");
            Socket elsewhere = RawHttp.send(base, "127.0.0.31", "GET " + base.getPath()
                    + broadcast.replace("wait=30", "wait=1") + " HTTP/1.1\r\n");
            held.add(elsewhere);
            assertEquals("200", RawHttp.status(elsewhere), "another address's anonymous poll is served");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** {@code since=<offset>&epoch=<epoch>} of the channel now, read with a poll that does not wait. */
    private String cursorOf(String channel, String token) {
        JsonObject now = Http.json(Http.get(base, "api/v1/channels/" + channel + "/events", token));
        return "since=" + now.getJsonNumber("offset").longValue() + "&epoch=" + now.getString("epoch");
    }

    /** A poll from {@code localAddress} that waits: nothing answered within half a second. */
    private Socket waitingPoll(String localAddress, String path, String token) throws Exception {
        Socket socket = RawHttp.send(base, localAddress, "GET " + base.getPath() + path + " HTTP/1.1\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n"));
        socket.setSoTimeout(500);
        try {
            int first = socket.getInputStream().read();
            socket.close();
            throw new AssertionError("the poll was answered at once (" + (char) first + "...): " + path);
        } catch (SocketTimeoutException expected) {
            socket.setSoTimeout(30_000);
            return socket;
        }
    }

    @Test
    void connectionsPerUserAreLimited() {
        try (var one = WsClient.connectAs(base, "uma", List.of(), List.of());
             var two = WsClient.connectAs(base, "uma", List.of(), List.of());
             var three = WsClient.connect(base, "?access_token=" + TestTokens.token("uma"), Map.of());
             var other = WsClient.connectAs(base, "ulf", List.of(), List.of())) {
            assertEquals("rate_limited", three.awaitType("error").getString("code"));
            assertEquals(4029, three.awaitClose(WsClient.TIMEOUT));
            assertFalse(one.isClosed() || two.isClosed() || other.isClosed());
        }
    }

    @Test
    void newConnectionsPerAddressAreLimitedWith429() throws Exception {
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 60; i++) {
                Socket socket = handshakeFrom("127.0.0.9");
                sockets.add(socket);
                assertEquals("101", RawHttp.status(socket), "connection " + (i + 1));
            }
            Socket refused = handshakeFrom("127.0.0.9");
            sockets.add(refused);
            List<String> head = RawHttp.head(refused);
            assertTrue(head.get(0).contains(" 429 "), head.toString());
            long retryAfter = head.stream().filter(line -> line.toLowerCase().startsWith("retry-after:"))
                    .mapToLong(line -> Long.parseLong(line.substring("retry-after:".length()).trim()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Retry-After in " + head));
            // 61 attempts within a second: the next is let in once at most 59 of them count, in the next minute of the
            // clock, 2/61 of it in: at most 62 s
            assertTrue(retryAfter >= 1 && retryAfter <= 62, "Retry-After " + retryAfter);
            for (String alias : List.of("ws;x=1", "ws/", "/ws", "ws;jsessionid=1")) {
                Socket aliased = handshakeFrom("127.0.0.9", alias);
                sockets.add(aliased);
                assertEquals("429", RawHttp.status(aliased), "a WebSocket upgrade at " + alias + " counts too");
            }
            for (String alias : List.of("api/v1/stream", "api/v1/stream/", "api/v1/stream;x=1", "/api/v1/stream",
                    "api/v1//stream", "api/v1/./stream")) {
                Socket aliased = RawHttp.send(base, "127.0.0.9", "GET " + base.getPath() + alias
                        + "?channel=broadcast HTTP/1.1\r\nAccept: text/event-stream\r\n");
                sockets.add(aliased);
                assertEquals("429", RawHttp.status(aliased), "a stream at " + alias + " counts too");
            }
            Socket elsewhere = handshakeFrom("127.0.0.10");
            sockets.add(elsewhere);
            assertEquals("101", RawHttp.status(elsewhere), "another address is let through");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * Behind a trusted proxy each client counts by its own address, the last hop of {@code X-Forwarded-For} that is not
     * a trusted proxy; from anyone else the header changes nothing, so a client cannot spread its connections over
     * addresses it makes up.
     */
    @Test
    void behindATrustedProxyEachClientCountsByItsForwardedAddress() throws Exception {
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 60; i++) {
                Socket socket = handshakeFrom("127.0.0.20", "ws", "X-Forwarded-For: 198.51.100.7\r\n");
                sockets.add(socket);
                assertEquals("101", RawHttp.status(socket), "connection " + (i + 1) + " of 198.51.100.7");
            }
            // what the client wrote left of what the proxies added does not make it another client
            for (String forwarded : List.of("198.51.100.7", "203.0.113.1, 198.51.100.7", "198.51.100.7, 127.0.1.9")) {
                Socket beyond = handshakeFrom("127.0.0.20", "ws", "X-Forwarded-For: " + forwarded + "\r\n");
                sockets.add(beyond);
                assertEquals("429", RawHttp.status(beyond), forwarded);
            }
            Socket another = handshakeFrom("127.0.0.20", "ws", "X-Forwarded-For: 198.51.100.8\r\n");
            sockets.add(another);
            assertEquals("101", RawHttp.status(another), "another client behind the same proxy");

            for (int i = 0; i < 60; i++) {
                Socket socket = handshakeFrom("127.0.0.21", "ws", "X-Forwarded-For: 198.51.100." + i + "\r\n");
                sockets.add(socket);
                assertEquals("101", RawHttp.status(socket), "connection " + (i + 1) + " of 127.0.0.21");
            }
            Socket untrusted = handshakeFrom("127.0.0.21", "ws", "X-Forwarded-For: 198.51.100.99\r\n");
            sockets.add(untrusted);
            assertEquals("429", RawHttp.status(untrusted), "an address that is no trusted proxy counts as itself");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aForeignOriginIsRefusedAndAListedOneServed() throws Exception {
        var http = HttpClient.newHttpClient();
        try {
            WsClient.connect(base, "", Map.of("Origin", "http://evil.example")).close();
            throw new AssertionError("a foreign origin opened a socket");
        } catch (CompletionException e) {
            assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        var tricky = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/channels/processing/events"))
                .header("Origin", "http://evil\\\".example\\").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, tricky.statusCode());
        assertEquals("application/problem+json", tricky.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Http.json(tricky).getString("detail").contains("http://evil\\\".example\\"),
                "a quote and a backslash in the origin still give valid JSON: " + tricky.body());
        try (var allowed = WsClient.connect(base, "", Map.of("Origin", "http://allowed.example"))) {
            assertEquals("connected", allowed.awaitType("connected").getString("type"));
        }
        URI stats = URI.create(base + "api/v1/channels/processing/events");
        assertEquals(403, http.send(HttpRequest.newBuilder(stats).header("Origin", "http://evil.example").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        var preflight = http.send(HttpRequest.newBuilder(stats).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://allowed.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("http://allowed.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        var get = http.send(HttpRequest.newBuilder(stats).header("Origin", "http://allowed.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertEquals("http://allowed.example", get.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    /**
     * The node waits for at most {@code ordercast.limits.body-waits} (10 here) request bodies still on their way, from
     * every client together: two clients behind a trusted proxy, each within its own bound of 8, send six slow bodies
     * each; ten wait and two get 503.
     */
    @Test
    void theNodeWaitsForAtMostItsBoundOfSlowBodiesFromAllClientsTogether() throws Exception {
        String head = "POST " + base.getPath() + "api/v1/publish HTTP/1.1\r\nAuthorization: Bearer " + PUBLISHER
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n";
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                slow.add(RawHttp.slowBody(base, "127.0.0.20", head + "X-Forwarded-For: 198.51.100." + (60 + i % 2)
                        + "\r\n"));
            }
            List<Socket> refused = RawHttp.answered(slow, 2);
            assertEquals(2, refused.size(), "ten requests wait for their bodies and two are refused");
            RawHttp.assertRefused(refused, 503);
            try (Socket whole = RawHttp.sendWithBody(base, null, "POST " + base.getPath() + "api/v1/publish HTTP/1.1\r\n"
                    + "Authorization: Bearer " + PUBLISHER + "\r\nContent-Type: application/json\r\n",
                    "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{}}")) {
                assertEquals("200", RawHttp.status(whole), "a body sent with its request is served meanwhile");
            }
        } finally {
            RawHttp.closeAll(slow);
        }
    }

    private Socket handshakeFrom(String address) throws Exception {
        return handshakeFrom(address, "ws");
    }

    private Socket handshakeFrom(String address, String path) throws Exception {
        return handshakeFrom(address, path, "");
    }

    private Socket handshakeFrom(String address, String path, String headers) throws Exception {
        return RawHttp.send(base, address, "GET " + base.getPath() + path + " HTTP/1.1\r\n" + headers + RawHttp.UPGRADE);
    }
}
