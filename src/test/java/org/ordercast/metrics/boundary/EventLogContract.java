package org.ordercast.metrics.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/**
 * {@code ordercast.log.format=json} on every server: the events of connections, as JSON objects one per line of
 * the server process's own output (not wrapped in the server's log format), read back with a JSON parser.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class EventLogContract {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URL base;
    private final Path log;

    EventLogContract(PortableServer server) {
        base = server.base();
        log = server.log();
    }

    @Test
    void aWebSocketsLifeIsLoggedWithItsSessionUserAndCloseCode() {
        Instant start = Instant.now().minusSeconds(1);
        String session;
        try (WsClient client = WsClient.connect(base, "?access_token="
                + TestTokens.token("logan", List.of("staff"), List.of("7")), Map.of())) {
            session = client.awaitType("connected").getString("sessionId");
            JsonObject refused = client.request("subscribe", "\"channel\":\"user:someone-else\"");
            assertEquals("error", refused.getString("type"), refused.toString());
        }
        await(start, line -> is(line, "connection.opened") && session.equals(line.getString("session", ""))
                && "logan".equals(line.getString("user", "")) && "websocket".equals(line.getString("transport")));
        await(start, line -> is(line, "subscription.refused") && "logan".equals(line.getString("user", ""))
                && "user:someone-else".equals(line.getString("channel", "")) && line.containsKey("reason"));
        JsonObject closed = await(start, line -> is(line, "connection.closed")
                && session.equals(line.getString("session", "")));
        assertEquals(1000, closed.getInt("code"), closed.toString());
        assertEquals("logan", closed.getString("user"));
        assertTrue(closed.containsKey("node") && closed.containsKey("reason"), closed.toString());
    }

    @Test
    void anExpiredTokenAndARefusedOriginAreLoggedAsWarnings() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        try (WsClient client = WsClient.connect(base, "?access_token=" + TestTokens.expired("late"), Map.of())) {
            assertEquals(4002, client.awaitClose(Duration.ofSeconds(10)));
        }
        JsonObject expired = await(start, line -> is(line, "connection.closed") && line.getInt("code", 0) == 4002);
        assertEquals("token expired", expired.getString("reason"));

        var origin = HttpRequest.newBuilder(URI.create(base + "api/v1/stream?channel=broadcast"))
                .header("Origin", "https://elsewhere.example").build();
        assertEquals(403, HTTP.send(origin, HttpResponse.BodyHandlers.discarding()).statusCode());
        JsonObject refused = await(start, line -> is(line, "connection.refused")
                && line.getString("detail", "").contains("https://elsewhere.example"));
        assertEquals("origin", refused.getString("reason"));
        assertEquals("WARN", refused.getString("level"));
    }

    @Test
    void aSocketIoSessionClosedByItsClientIsLogged() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String open = HTTP.send(HttpRequest.newBuilder(URI.create(base + "socket.io/?EIO=4&transport=polling"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String sid = Json.createReader(new StringReader(open.substring(1))).readObject().getString("sid");
        var close = HttpRequest.newBuilder(URI.create(base + "socket.io/?EIO=4&transport=polling&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("1")).header("Content-Type", "text/plain").build();
        assertEquals(200, HTTP.send(close, HttpResponse.BodyHandlers.discarding()).statusCode());
        await(start, line -> is(line, "connection.opened") && sid.equals(line.getString("session", "")));
        JsonObject closed = await(start, line -> is(line, "connection.closed") && sid.equals(line.getString("session", "")));
        assertEquals("socketio", closed.getString("transport"));
        assertEquals(1000, closed.getInt("code"));
    }

    private static boolean is(JsonObject line, String event) {
        return event.equals(line.getString("event", ""));
    }

    /** The first event line written since {@code start} that matches, waiting up to 10 s for it. */
    private JsonObject await(Instant start, Predicate<JsonObject> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonObject> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = events(start);
            for (JsonObject line : seen) {
                if (match.test(line)) {
                    return line;
                }
            }
            sleep();
        }
        return fail("no such event line in " + log + "; the lines since the test started: " + seen);
    }

    /** Every line of the server's output that starts an ordercast event: each must be one whole JSON object. */
    private List<JsonObject> events(Instant start) {
        var events = new ArrayList<JsonObject>();
        try {
            for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("{\"time\":")) {
                    continue;
                }
                JsonObject event;
                try {
                    event = Json.createReader(new StringReader(line)).readObject();
                } catch (JsonException e) {
                    return fail("an event line is not one JSON object: " + line);
                }
                if (!Instant.parse(event.getString("time")).isBefore(start)) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            fail("cannot read " + log + ": " + e);
        }
        return events;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
