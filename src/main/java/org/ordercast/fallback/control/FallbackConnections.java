package org.ordercast.fallback.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.metrics.control.Traffic;

/** The SSE streams and waiting long-polls of this node, by the identity that opened them. */
@ApplicationScoped
public class FallbackConnections {

    private final Set<FallbackConnection> open = ConcurrentHashMap.newKeySet();

    @Inject
    Metrics metrics;

    private Traffic sseTraffic = Traffic.NONE;

    @PostConstruct
    void registerMetrics() {
        sseTraffic = metrics.traffic("sse");
        metrics.gauge("ordercast.connections", "Open connections", "sse", this, c -> c.count("sse"));
        metrics.gauge("ordercast.connections", "Open connections", "polling", this, c -> c.count("polling"));
        metrics.queueDepths("sse", () -> open.stream().filter(SseStream.class::isInstance).map(SseStream.class::cast)
                .toList(), SseStream::queueDepth);
    }

    /** What SSE streams write, counted. */
    Traffic sseTraffic() {
        return sseTraffic;
    }

    public void add(FallbackConnection connection) {
        open.add(connection);
    }

    public void remove(FallbackConnection connection) {
        open.remove(connection);
    }

    /** An SSE stream opened: counted and logged as a connection (a long-poll is one request, not one). */
    void streamOpened(SseStream stream) {
        add(stream);
        metrics.connected("sse", stream.id(), stream.identity());
    }

    /** An SSE stream ended, with the close code its {@code close} event named, or 1001 when the client left. */
    void streamClosed(SseStream stream, int code, String reason) {
        if (open.remove(stream)) {
            metrics.disconnected("sse", stream.id(), stream.identity(), code, reason);
        }
    }

    public int count() {
        return open.size();
    }

    /** How many of them are of the transport ({@code sse}, {@code polling}). */
    public int count(String transport) {
        int n = 0;
        for (FallbackConnection connection : open) {
            if (transport.equals(connection.transport())) {
                n++;
            }
        }
        return n;
    }

    /** How many SSE streams and waiting long-polls {@code user} holds on this node. */
    public int countOf(String user) {
        int n = 0;
        for (FallbackConnection connection : open) {
            if (user.equals(connection.identity().userId())) {
                n++;
            }
        }
        return n;
    }

    /** Probes every stream of {@code user}: those whose client has left end, and their seats come back. */
    public void probe(String user) {
        for (FallbackConnection connection : open) {
            if (user.equals(connection.identity().userId())) {
                connection.probe();
            }
        }
    }

    /** The node is shutting down: every stream ends with 1001 and every long-poll answers, so clients go elsewhere. */
    @PreDestroy
    void shutdown() {
        open.forEach(FallbackConnection::goingAway);
    }

    /** SSE streams and waiting long-polls per user on this node. */
    public Map<String, Integer> countsByUser() {
        var counts = new TreeMap<String, Integer>();
        for (FallbackConnection connection : open) {
            if (!connection.identity().isAnonymous()) {
                counts.merge(connection.identity().userId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Ends every stream and long-poll of {@code user}; how many. */
    public int disconnect(String user) {
        int n = 0;
        for (FallbackConnection connection : open) {
            if (user.equals(connection.identity().userId())) {
                connection.disconnect();
                n++;
            }
        }
        return n;
    }
}
