package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Deployments;
import org.ordercast.testing.FanOutCheck;
import org.ordercast.testing.Http;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** Protocol v1 under bad input, slow consumers and silent peers. */
@ExtendWith(ArquillianExtension.class)
class ProtocolIT {

    private static final String PUBLISHER = TestTokens.token("svc", "publisher");

    /** Malformed frames, each with the error code it must get. */
    private static final List<Map.Entry<String, String>> CORPUS = List.of(
            Map.entry("not json", "bad_request"),
            Map.entry("{", "bad_request"),
            Map.entry("{\"type\":", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"orders\"} x", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"orders\"}{\"type\":\"pong\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"nosuchspace\",\"channel\":\"orders\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"orders\",\"x\":\"\\ud800\"}", "bad_request"),
            Map.entry("[]", "bad_request"),
            Map.entry("[{\"type\":\"subscribe\"}]", "bad_request"),
            Map.entry("42", "bad_request"),
            Map.entry("\"subscribe\"", "bad_request"),
            Map.entry("null", "bad_request"),
            Map.entry("{}", "bad_request"),
            Map.entry("{\"type\":7}", "bad_request"),
            Map.entry("{\"type\":null}", "bad_request"),
            Map.entry("{\"type\":\"explode\"}", "unknown_type"),
            Map.entry("{\"type\":\"SUBSCRIBE\",\"channel\":\"orders\"}", "unknown_type"),
            Map.entry("{\"type\":\"subscribe\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":5}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"Bad Name\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"store:\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"store:a b\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"nosuchspace\"}", "not_found"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"processing\",\"since\":5}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"processing\",\"since\":{\"offset\":-1,\"epoch\":\"x\"}}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"processing\",\"events\":\"all\"}", "bad_request"),
            Map.entry("{\"type\":\"subscribe\",\"channel\":\"processing\",\"events\":[1]}", "bad_request"),
            Map.entry("{\"type\":\"unsubscribe\"}", "bad_request"),
            Map.entry("{\"type\":\"authenticate\"}", "bad_request"),
            Map.entry("{\"type\":\"authenticate\",\"token\":{}}", "bad_request"),
            Map.entry("{\"type\":\"command\"}", "bad_request"),
            Map.entry("{\"type\":\"command\",\"name\":\"processing.pause\",\"args\":[]}", "bad_request"),
            Map.entry("{\"type\":\"command\",\"name\":\"no.such.command\"}", "not_found"),
            Map.entry("{\"type\":\"pong\",\"id\":\"seven\"}", "bad_request"),
            Map.entry("{\"type\":\"pong\",\"id\":1.5}", "bad_request"),
            Map.entry("{\"type\":\"presence\",\"channel\":\"processing\"}", "forbidden"));

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.ordercast();
    }

    @Test
    void theGrizzlySendPathDeliversEveryPublicationToEverySubscriberInOrder() {
        FanOutCheck.everyPublicationReachesEverySubscriberInOrder(base, 20, 100);
        JsonObject paths = FanOutCheck.sendPaths(base);
        assertTrue(paths.getJsonNumber("grizzly").longValue() >= 20, "Payara's connections take the Grizzly path: " + paths);
        assertFalse(paths.containsKey("portable"), "no connection fell back to the portable path: " + paths);
    }

    @Test
    void everyMalformedFrameGetsAClearErrorAndTheConnectionKeepsWorking() {
        try (var client = WsClient.connect(base)) {
            client.awaitType("connected");
            for (var bad : CORPUS) {
                client.send(bad.getKey());
                JsonObject error = client.awaitType("error");
                assertEquals(bad.getValue(), error.getString("code"), bad.getKey() + " -> " + error);
                assertFalse(error.getString("message").isBlank(), bad.getKey());
                assertFalse(error.toString().contains("Exception"), error.toString());
            }
            client.send("{\"type\":\"subscribe\",\"channel\":\"Bad Name\",\"id\":77}");
            assertEquals(77, client.awaitType("error").getInt("id"), "an error names the frame's id");
            JsonObject reply = client.subscribe("processing");
            assertEquals("reply", reply.getString("type"), "the same connection still works");
            Http.post(base, "api/v1/publish", PUBLISHER,
                    "{\"channel\":\"processing\",\"event\":\"processing.status\",\"data\":{\"phase\":\"PROCESSING\"}}");
            assertEquals("processing.status", client.awaitEvent("processing").getString("event"));
        }
    }

    @Test
    void aBinaryFrameGetsAnErrorAndTheConnectionStays() throws Exception {
        try (var client = WsClient.connect(base)) {
            client.awaitType("connected");
            client.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}));
            assertEquals("bad_request", client.awaitType("error").getString("code"));
            assertEquals("reply", client.request("pong", "").getString("type"));
        }
    }

    @Test
    void aFrameOverTheSizeLimitClosesWith1009AndOthersAreServed() {
        try (var big = WsClient.connect(base); var other = WsClient.connect(base)) {
            big.awaitType("connected");
            other.awaitType("connected");
            big.send("{\"type\":\"pong\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, big.awaitClose(WsClient.TIMEOUT));
            assertEquals("reply", other.subscribe("processing").getString("type"));
        }
    }

    @Test
    void everyFrameWithAnIdGetsExactlyOneAnswer() {
        try (var client = WsClient.connect(base, "?access_token=" + TestTokens.token("ops", "operator"), Map.of())) {
            client.awaitType("connected");
            assertEquals("reply", client.request("subscribe", "\"channel\":\"queue\"").getString("type"));
            assertEquals("reply", client.request("unsubscribe", "\"channel\":\"queue\"").getString("type"));
            assertEquals("reply", client.request("pong", "").getString("type"));
            assertEquals("error", client.request("command", "\"name\":\"nope\"").getString("type"));
            assertEquals("reply", client.request("authenticate",
                    "\"token\":\"" + TestTokens.token("ops", "operator") + "\"").getString("type"));
            assertFalse(client.receives(f -> ("reply".equals(f.getString("type")) || "error".equals(f.getString("type"))),
                    Duration.ofMillis(500)), "no second answer");
        }
    }

    @Test
    void aClientThatPausesGetsTheBacklogWholeAndInOrder() {
        FanOutCheck.aPausedSubscriberGetsEverythingInOrderWhenItReadsAgain(base);
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4008WhileOthersKeepReceiving() {
        FanOutCheck.aStalledSubscriberIsDroppedAndTheOthersServed(base);
    }

    @Test
    void aClientThatAnswersNoPingsIsClosedAndItsSubscriptionsReleased() {
        try (var silent = WsClient.connect(base, "?access_token=" + TestTokens.token("mute", "manager"), Map.of())) {
            JsonObject connected = silent.awaitType("connected");
            silent.answerPings(false);
            silent.subscribe("dashboard");
            int heartbeat = connected.getInt("heartbeat");
            assertEquals(4010, silent.awaitClose(Duration.ofSeconds(heartbeat * 5L)));
            long pings = silent.received().stream().filter(f -> "ping".equals(f.getString("type"))).count();
            assertEquals(2, pings, "two pings went unanswered");
            JsonObject stats = Http.json(Http.get(base, "api/v1/websocket/stats", TestTokens.token("root", "admin")));
            assertFalse(stats.getJsonObject("data").getJsonObject("rooms").containsKey("dashboard"), stats.toString());
        }
    }

    @Test
    void aClientThatKeepsAliveWithProtocolPingsIsNotClosed() throws InterruptedException {
        try (var client = WsClient.connect(base)) {
            int heartbeat = client.awaitType("connected").getInt("heartbeat");
            client.answerPings(false);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(heartbeat * 4L);
            while (System.nanoTime() < until) {
                client.sendPing();
                Thread.sleep(500);   // the client's own keep-alive interval, not a wait for a message
            }
            assertFalse(client.isClosed(), "closed with " + client.received());
            assertEquals("reply", client.subscribe("processing").getString("type"));
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() {
        try (var client = WsClient.connect(base)) {
            int heartbeat = client.awaitType("connected").getInt("heartbeat");
            assertFalse(client.receives(f -> false, Duration.ofSeconds(heartbeat * 4L)));
            assertFalse(client.isClosed());
            assertEquals("reply", client.subscribe("processing").getString("type"));
        }
    }
}
