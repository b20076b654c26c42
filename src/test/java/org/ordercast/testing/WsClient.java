package org.ordercast.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A protocol-v1 test client on the JDK's WebSocket. Keeps every frame it receives until a test takes it, answers
 * pings unless told not to, and can stop reading to play a slow consumer.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonObject> inbox = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean answerPings = true;
    private volatile boolean reading = true;
    private final AtomicLong pongs = new AtomicLong();
    private volatile WebSocket socket;

    public static WsClient connect(URL base) {
        return connect(base, "", Map.of());
    }

    /** Connects to {@code ws(s)://<base>/ws<query>} with the given upgrade headers. */
    public static WsClient connect(URL base, String query, Map<String, String> headers) {
        var client = new WsClient();
        var builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(endpoint(base, query), client).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                // the status and the server's words, not only the exception's class, in a failing test's report
                var response = refused.getResponse();
                throw new CompletionException("handshake refused (" + refused.getCause() + "): "
                        + response.statusCode() + " " + response.headers().map() + " " + response.body(), refused);
            }
            throw e;
        }
        return client;
    }

    /** Connects with a development token for {@code user} (via {@code access_token}) and waits for {@code connected}. */
    public static WsClient connectAs(URL base, String user, List<String> groups, List<String> stores) {
        var client = connect(base, "?access_token=" + TestTokens.token(user, groups, stores), Map.of());
        client.awaitType("connected");
        return client;
    }

    public static URI endpoint(URL base, String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws" + query);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject frame = Json.createReader(new StringReader(partial.toString())).readObject();
            partial.setLength(0);
            if ("ping".equals(frame.getString("type", "")) && answerPings) {
                webSocket.sendText("{\"type\":\"pong\"}", true);
            } else {
                synchronized (inbox) {
                    inbox.add(frame);
                    inbox.notifyAll();
                }
            }
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, java.nio.ByteBuffer message) {
        pongs.incrementAndGet();
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    /** How many RFC 6455 pong frames arrived. */
    public long pongs() {
        return pongs.get();
    }

    /** Reads again, everything at once: the JDK client stalls if a backlog is drained one request at a time. */
    public void drain() {
        reading = true;
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** An RFC 6455 ping frame, as clients and proxies send to keep a connection alive. */
    public void sendPing() {
        socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1})).join();
    }

    public void sendBinary(java.nio.ByteBuffer data) {
        socket.sendBinary(data, true).join();
    }

    /** Sends {@code {"id": n, ...fields}} and returns the reply or error with that id. */
    public JsonObject request(String type, String fields) {
        long id = ids.incrementAndGet();
        send("{\"type\":\"" + type + "\",\"id\":" + id + (fields.isEmpty() ? "" : "," + fields) + "}");
        return await(f -> ("reply".equals(f.getString("type")) || "error".equals(f.getString("type")))
                && f.containsKey("id") && f.getJsonNumber("id").longValue() == id);
    }

    public JsonObject subscribe(String channel) {
        return request("subscribe", "\"channel\":\"" + channel + "\"");
    }

    /** Takes the first received frame that matches, waiting up to {@link #TIMEOUT}. */
    public JsonObject await(Predicate<JsonObject> match) {
        return await(match, TIMEOUT);
    }

    public JsonObject await(Predicate<JsonObject> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inbox) {
            while (true) {
                for (Iterator<JsonObject> it = inbox.iterator(); it.hasNext(); ) {
                    JsonObject frame = it.next();
                    if (match.test(frame)) {
                        it.remove();
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within " + timeout + "; received " + inbox);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(inbox, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    public JsonObject awaitType(String type) {
        return await(f -> type.equals(f.getString("type", "")));
    }

    /** An {@code event} frame: a publication (presence changes come as {@code presence} frames, not events). */
    public static boolean isPublishedEvent(JsonObject frame) {
        return "event".equals(frame.getString("type", ""));
    }

    /** The next {@code event} frame of a channel. */
    public JsonObject awaitEvent(String channel) {
        return await(f -> "event".equals(f.getString("type", "")) && channel.equals(f.getString("channel", "")));
    }

    /** The first matching frame if one arrives within {@code window}. */
    public java.util.Optional<JsonObject> poll(Predicate<JsonObject> match, Duration window) {
        try {
            return java.util.Optional.of(await(match, window));
        } catch (AssertionError e) {
            return java.util.Optional.empty();
        }
    }

    /** True if a matching frame arrives within {@code window}; used to show that something is not delivered. */
    public boolean receives(Predicate<JsonObject> match, Duration window) {
        try {
            await(match, window);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    public List<JsonObject> received() {
        synchronized (inbox) {
            return List.copyOf(inbox);
        }
    }

    public void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** Stops reading from the socket, as a client whose consumer hangs. */
    public void stopReading() {
        reading = false;
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        return closed.completeOnTimeout(-2, timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
        socket.abort();
    }
}
