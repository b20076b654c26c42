package org.ordercast.fallback.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.auth.entity.Identity;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.metrics.control.Traffic;
import org.ordercast.realtime.control.SeatCounts;

/**
 * The SSE streams and waiting long-polls of this node, by the identity that opened them, and the seats they hold
 * for {@code ordercast.limits.connections-per-user}: a user's, or an anonymous one's client address's.
 */
@ApplicationScoped
public class FallbackConnections {

    /** The shared figure other nodes read this node's stream seats from, as {@code Seats.FIGURE} for WebSockets. */
    public static final String FIGURE = "streamSeats";

    private final Set<FallbackConnection> open = ConcurrentHashMap.newKeySet();
    /** Seats by user, and by client address for anonymous streams and long-polls. */
    private final SeatCounts byUser = new SeatCounts();
    private final SeatCounts byAddress = new SeatCounts();

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

    /**
     * Adds the connection if its holder (its user, or its address if it is anonymous) holds fewer than {@code max}
     * seats here and {@code elsewhere} on the other nodes; false, and nothing added, otherwise. The count and the
     * seat are one step, so that a burst of requests cannot all pass the count before any takes its seat.
     */
    public boolean addWithin(FallbackConnection connection, int max, int elsewhere) {
        String holder = holder(connection);
        if (holder == null) {
            open.add(connection);   // it holds no seat
            return true;
        }
        if (!seats(connection).claim(holder, max, elsewhere)) {
            return false;
        }
        open.add(connection);
        return true;
    }

    public void remove(FallbackConnection connection) {
        if (open.remove(connection)) {
            release(connection);
        }
    }

    private void release(FallbackConnection connection) {
        String holder = holder(connection);
        if (holder != null) {
            seats(connection).release(holder);
        }
    }

    /** The user who holds the connection's seat; for an anonymous one, its address, or null when it holds none. */
    private static String holder(FallbackConnection connection) {
        return connection.identity().isAnonymous() ? connection.address() : connection.identity().userId();
    }

    private SeatCounts seats(FallbackConnection connection) {
        return connection.identity().isAnonymous() ? byAddress : byUser;
    }

    /**
     * Takes the seat of an anonymous stream about to start from {@code address}, if the address holds fewer than
     * {@code max} here: in one step, as {@link #addWithin} takes a poll's, so that a burst of streams cannot all pass
     * the count before any takes its seat. The stream started with it holds it from then on.
     */
    public boolean claimAddress(String address, int max) {
        return byAddress.claim(address, max, 0);
    }

    /** What a client whose address holds every seat of anonymous streams and waiting polls is told. */
    public static String anonymousRefusal(String address, int max) {
        return "address " + address + " already holds " + max + " streams and waiting polls that are not signed in "
                + "(ordercast.limits.anonymous-connections-per-address)";
    }

    /** An SSE stream opened: counted and logged as a connection (a long-poll is one request, not one). */
    void streamOpened(SseStream stream) {
        if (open.add(stream) && !stream.identity().isAnonymous()) {
            byUser.take(stream.identity().userId());   // an anonymous one's seat was claimed before it started
        }
        metrics.connected("sse", stream.id(), stream.identity());
    }

    /** An anonymous stream that claimed its address's seat did not start: the seat is given back. */
    void notStarted(Identity identity, String address) {
        if (identity.isAnonymous() && address != null) {
            byAddress.release(address);
        }
    }

    /** An SSE stream ended, with the close code its {@code close} event named, or 1001 when the client left. */
    void streamClosed(SseStream stream, int code, String reason) {
        if (open.remove(stream)) {
            release(stream);
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
        return byUser.of(user);
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
        return byUser.byHolder();
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
