import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick fan-out probe (the full load generator is a separate piece of work): N WebSocket subscribers on one
 * channel, M publications over REST as fast as one publisher can send them, and the deliveries per second from the
 * first publish to the last delivery. Needs only a JDK; run against a server started with `mvn -Prun package`:
 *
 *   java src/bench/FanOutProbe.java [clients=1000] [publications=200] [base=http://localhost:8080]
 */
public class FanOutProbe {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int publications = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String base = args.length > 2 ? args[2] : "http://localhost:8080";
        String token = args.length > 3 ? args[3] : System.getenv("ORDERCAST_TOKEN");
        long expected = (long) clients * publications;
        String run = "\"run\":\"" + Long.toHexString(System.nanoTime()) + "\"";
        var delivered = new AtomicLong();
        var done = new CountDownLatch(1);
        var lastDelivery = new AtomicLong();
        var http = HttpClient.newHttpClient();
        var wsClients = new HttpClient[4];
        for (int i = 0; i < wsClients.length; i++) {
            wsClients[i] = HttpClient.newHttpClient();
        }
        var sockets = new ArrayList<WebSocket>();
        var subscribed = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            sockets.add(wsClients[i % wsClients.length].newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"),
                    new WebSocket.Listener() {
                        final StringBuilder partial = new StringBuilder();

                        @Override
                        public void onOpen(WebSocket ws) {
                            ws.sendText("{\"type\":\"subscribe\",\"channel\":\"processing\",\"id\":1}", true);
                            ws.request(Long.MAX_VALUE);
                        }

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                String frame = partial.toString();
                                partial.setLength(0);
                                if (frame.startsWith("{\"type\":\"reply\"")) {
                                    subscribed.countDown();
                                } else if (frame.contains("\"event\":\"bench.tick\"") && frame.contains(run)) {
                                    lastDelivery.set(System.nanoTime());
                                    if (delivered.incrementAndGet() == expected) {
                                        done.countDown();
                                    }
                                } else if (frame.startsWith("{\"type\":\"ping\"")) {
                                    ws.sendText("{\"type\":\"pong\"}", true);
                                }
                            }
                            return null;
                        }
                    }).join());
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - subscribed.getCount()) + " clients subscribed");
        }
        System.out.printf("%d clients subscribed to processing%n", clients);
        long start = System.nanoTime();
        var inFlight = new java.util.concurrent.Semaphore(8);
        for (int i = 0; i < publications; i++) {
            var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/publish"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"processing\",\"event\":\"bench.tick\","
                            + "\"data\":{" + run + ",\"n\":" + i + ",\"sentAt\":" + System.nanoTime() + "}}")).build();
            inFlight.acquire();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                inFlight.release();
                if (failure != null || response.statusCode() != 200) {
                    System.err.println("publish failed: " + (failure != null ? failure : response.body()));
                }
            });
        }
        inFlight.acquire(8);
        long published = System.nanoTime();
        boolean complete = done.await(120, TimeUnit.SECONDS);
        double seconds = (lastDelivery.get() - start) / 1e9;
        System.out.printf("publications: %d in %.2f s (%.0f/s)%n", publications, (published - start) / 1e9,
                publications / ((published - start) / 1e9));
        System.out.printf("deliveries: %d of %d%s in %.2f s = %.0f deliveries/s%n", delivered.get(), expected,
                complete ? "" : " (INCOMPLETE)", seconds, delivered.get() / seconds);
        sockets.forEach(WebSocket::abort);
        System.exit(complete ? 0 : 1);
    }
}
