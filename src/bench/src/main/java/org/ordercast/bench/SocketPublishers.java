package org.ordercast.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Concurrent publishing over WebSocket, the counterpart of {@code publish.lua} for ordercast's {@code publish}
 * frame: {@code connections} connections signed in as a publisher, each with one frame in flight, sending the next
 * when the reply to the last arrives (as each of wrk's connections sends its next request), to the next of
 * {@code channels} store channels, the same publication {@code publish.lua} sends. Runs {@code seconds}, then prints
 * wrk's figures in wrk's words (latency percentiles and {@code Requests/sec}), which {@code run.sh} reads for either.
 * A refused publication is written to standard error.
 *
 * <pre>java -cp ... org.ordercast.bench.SocketPublishers ws://127.0.0.1:8080/ws &lt;token&gt; 16 500 10</pre>
 */
public final class SocketPublishers {

    private final Recorder latencies = new Recorder(3);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong next = new AtomicLong();
    private final int channels;
    private volatile boolean running = true;

    private SocketPublishers(int channels) {
        this.channels = channels;
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String token = args[1];
        int connections = Integer.parseInt(args[2]);
        var run = new SocketPublishers(Integer.parseInt(args[3]));
        Duration length = Duration.ofSeconds(Long.parseLong(args[4]));

        var http = HttpClient.newHttpClient();
        var publishers = new ArrayList<Connection>(connections);
        for (int i = 0; i < connections; i++) {
            var connection = run.new Connection();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(endpoint, connection).get(10, TimeUnit.SECONDS);
            publishers.add(connection);
        }
        for (Connection connection : publishers) {
            connection.connected.await(10, TimeUnit.SECONDS);
        }
        run.latencies.reset();
        long start = System.nanoTime();
        publishers.forEach(Connection::publishNext);
        Thread.sleep(length.toMillis());
        run.running = false;
        long count = run.published.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram histogram = run.latencies.getIntervalHistogram();
        for (Connection connection : publishers) {
            connection.idle.await(5, TimeUnit.SECONDS);
            connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        System.out.println("  Latency Distribution");
        for (double percentile : List.of(50.0, 75.0, 90.0, 99.0)) {
            System.out.printf("     %.0f%%  %.2fus%n", percentile, histogram.getValueAtPercentile(percentile) / 1e3);
        }
        System.out.printf("  %d requests in %.2fs%n", count, seconds);
        System.out.printf("Requests/sec: %.2f%n", count / seconds);
        System.exit(0);
    }

    /** One publisher connection: a frame in flight, the next sent when its reply or error arrives. */
    private final class Connection implements WebSocket.Listener {

        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch idle = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
        private volatile WebSocket socket;
        private volatile long sentAt;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            sending = CompletableFuture.completedFuture(webSocket);
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (!last) {
                return null;
            }
            String frame = partial.toString();
            partial.setLength(0);
            if (frame.startsWith("{\"type\":\"connected\"")) {
                connected.countDown();
            } else if (frame.startsWith("{\"type\":\"ping\"")) {
                send("{\"type\":\"pong\"}");
            } else if (frame.startsWith("{\"type\":\"reply\"") || frame.startsWith("{\"type\":\"error\"")) {
                latencies.recordValue(System.nanoTime() - sentAt);
                if (frame.startsWith("{\"type\":\"error\"")) {
                    System.err.println(frame);
                } else {
                    published.incrementAndGet();
                }
                publishNext();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            System.err.println("connection failed: " + error);
            idle.countDown();
        }

        void publishNext() {
            if (!running) {
                idle.countDown();
                return;
            }
            long n = next.incrementAndGet();
            sentAt = System.nanoTime();
            send("{\"type\":\"publish\",\"id\":" + n + ",\"channel\":\"store:" + (n % channels)
                    + "\",\"event\":\"order.created\",\"data\":{\"orderId\":\"" + n + "\",\"total\":12.5}}");
        }

        /** After the previous send completed: the JDK's client takes one at a time. */
        private synchronized void send(String text) {
            sending = sending.thenCompose(webSocket -> webSocket.sendText(text, true));
        }
    }
}
