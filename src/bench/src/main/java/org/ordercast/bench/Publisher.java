package org.ordercast.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A publisher over each server's REST publish endpoint: publication {@code i} of a step is due at
 * {@code start + i / rate} and carries that due time as {@code bt}, so a server that falls behind shows it as
 * latency (no coordinated omission). Publications go out one request at a time, each after the previous one was
 * answered: the server accepts them in index order, so a subscriber that receives them in another order has seen
 * the server reorder them.
 */
final class Publisher {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String token;
    private final String channel;
    private final int dataBytes;
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";

    Publisher(URI endpoint, String token, String channel, int dataBytes) {
        this.endpoint = endpoint;
        this.token = token;
        this.channel = channel;
        this.dataBytes = dataBytes;
    }

    /** Publishes {@code count} publications tagged with {@code step} at {@code perSecond}; returns when the last is answered. */
    void run(int step, int count, double perSecond) {
        long start = System.nanoTime();
        double interval = 1e9 / perSecond;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            var request = HttpRequest.newBuilder(endpoint)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(step, i, due)))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) {
                    failures.incrementAndGet();
                    lastFailure = response.statusCode() + " " + response.body();
                }
            } catch (IOException e) {
                failures.incrementAndGet();
                lastFailure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    /** The publication: the same {@code data} of {@code dataBytes} bytes for every server. */
    String body(int step, int index, long due) {
        String data = "{\"bs\":" + step + ",\"bi\":" + index + ",\"bt\":" + due + ",\"pad\":\"\"}";
        String padded = data.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(Math.max(0, dataBytes - data.length())) + "\"");
        return "{\"channel\":\"" + channel + "\",\"event\":\"bench.tick\",\"data\":" + padded + "}";
    }
}
