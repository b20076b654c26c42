package org.ordercast.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream line by line, as an {@code EventSource} would, keeping each event's id. */
public final class SseClient implements AutoCloseable {

    /** One event: its own id (the cursor; null when the event had no id line), its name (null for plain data), its JSON data. */
    public record Event(String id, String name, JsonObject data) {
    }

    /** The JDK client's default: HTTP/2 (h2c upgrade) where the server takes it, as Payara does. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final java.util.concurrent.Executor READERS = task -> {
        Thread reader = new Thread(task, "sse-client-reader");
        reader.setDaemon(true);
        reader.start();
    };

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private SseClient(URI uri, String lastEventId, String token) {
        var request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        response = HTTP.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        // on a thread of its own: a plain thenAccept may run the endless read on whichever thread joins the
        // response first, e.g. a test calling status(), which then never returns
        response.thenAcceptAsync(r -> read(r.body()), READERS);
    }

    public static SseClient open(URL base, String query, String lastEventId, String token) {
        return new SseClient(URI.create(base + "api/v1/stream" + query), lastEventId, token);
    }

    /** The response's status; read from the response itself, since the reading callback may not have run yet. */
    public int status() {
        return response.join().statusCode();
    }

    private void read(Stream<String> lines) {
        String[] id = {null};
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id[0], name[0], Json.createReader(new StringReader(data.toString())).readObject()));
                    }
                    data.setLength(0);
                    name[0] = null;
                    id[0] = null;
                } else if (line.startsWith("id:")) {
                    id[0] = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            });
        } catch (RuntimeException e) {
            // the stream was closed
        }
    }

    /** The next event, waiting up to ten seconds. */
    public Event next() {
        try {
            Event event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no SSE event within 10 s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** The next event that {@code wanted} accepts, skipping others. */
    public Event next(java.util.function.Predicate<Event> wanted) {
        while (true) {
            Event event = next();
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The next event whose data has {@code "type": type}, skipping others. */
    public Event next(String type) {
        while (true) {
            Event event = next();
            if (type.equals(event.data().getString("type", ""))) {
                return event;
            }
        }
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
