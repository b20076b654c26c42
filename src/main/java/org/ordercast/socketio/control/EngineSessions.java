package org.ordercast.socketio.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.cluster.control.Nodes;
import org.ordercast.hub.control.Outbound;
import org.ordercast.hub.control.Transport;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.metrics.control.Traffic;
import org.ordercast.realtime.control.Deadlines;
import org.ordercast.realtime.control.Limits;
import org.ordercast.realtime.control.OpenConnections;
import org.ordercast.realtime.control.Seats;

/**
 * The Engine.IO sessions of this node and the Socket.IO layer on top: handshakes, pings, and what a Socket.IO packet
 * from a client does (connect to a namespace with a token, send an event, leave).
 */
@ApplicationScoped
public class EngineSessions implements OpenConnections {

    /** Packets that may wait for a client (queued for its WebSocket or for its next poll). */
    static final int QUEUE = 1024;
    /** How often sessions are looked at for a ping due or a pong overdue, at most. */
    private static final long PING_TICK_MILLIS = 250;
    /** How long a session whose write failed waits for its WebSocket's own close. */
    private static final long WRITE_FAILURE_GRACE_MILLIS = 1000;

    @Inject
    @ConfigProperty(name = "ordercast.socketio.ping-interval", defaultValue = "25000")
    long pingInterval;

    @Inject
    @ConfigProperty(name = "ordercast.socketio.ping-timeout", defaultValue = "20000")
    long pingTimeout;

    @Inject
    @ConfigProperty(name = "ordercast.socketio.max-payload", defaultValue = "1000000")
    int maxPayload;

    @Inject
    @ConfigProperty(name = "ordercast.ws.token-grace", defaultValue = "25")
    long tokenGrace;

    @Inject
    SocketPackets packets;

    @Inject
    Limits limits;

    @Inject
    Seats seats;

    @Inject
    Nodes nodes;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private ScheduledFuture<?> pings;
    private Deadlines<EngineSession> deadlines;
    private Traffic traffic = Traffic.NONE;

    @Inject
    Metrics metrics;

    @PostConstruct
    void start() {
        traffic = metrics.traffic("socketio");
        metrics.gauge("ordercast.connections", "Open connections", "socketio", sessions, Map::size);
        long tick = Math.min(pingInterval, PING_TICK_MILLIS);
        // never placed further ahead than the ping interval
        deadlines = new Deadlines<>(TimeUnit.MILLISECONDS.toNanos(tick), TimeUnit.MILLISECONDS.toNanos(pingInterval),
                EngineSession::deadlineTick, EngineSession::deadlineTick);
        pings = scheduler.scheduleWithFixedDelay(this::ping, tick, tick, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (pings != null) {
            pings.cancel(false);
        }
        List.copyOf(sessions.values()).forEach(session -> session.close(CloseCode.GOING_AWAY, null));
    }

    Traffic traffic() {
        return traffic;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public long pollTimeout() {
        return pingInterval + pingTimeout;
    }

    /**
     * A new session, with the token its handshake carried (or null). Its id names this node before its last
     * {@code .}, so that another node a poll reaches knows where to relay it ({@link EngineRelay#owner}). Until one
     * of its sockets signs in, it holds a seat of its client's {@code address}: empty, and no session, when the
     * address holds them all ({@link #refusal}).
     */
    public Optional<EngineSession> open(String upgradeToken, String address) {
        Optional<Seats.AnonymousSeat> seat = seats.claimAnonymous(address);
        if (seat.isEmpty()) {
            metrics.limited("socketio", "anonymous-connections-per-address");
            return Optional.empty();
        }
        var session = new EngineSession(nodes.id() + "." + UUID.randomUUID().toString().replace("-", ""), this,
                upgradeToken, limits.messagesPerSecond(), seat.get());
        sessions.put(session.sid(), session);
        deadlines.watch(session);
        opened.incrementAndGet();
        metrics.connected("socketio", session.sid(), Identity.anonymous());
        return Optional.of(session);
    }

    /** What a client whose address holds every seat of sessions not signed in is told. */
    public String refusal(String address) {
        return seats.anonymousRefusal(address);
    }

    public EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** Each session counts as one connection, of the user its namespace sockets signed in as. */
    @Override
    public Stream<Identity> identities() {
        return sessions.values().stream().map(EngineSession::identity);
    }

    @Override
    public long totalOpened() {
        return opened.get();
    }

    /**
     * The user's sockets leave their namespaces with a {@code DISCONNECT} packet, as a Socket.IO server's
     * {@code socket.disconnect()} does: the client hears {@code io server disconnect} and does not reconnect them (it
     * closes its session once no socket is left). Socket.IO carries no close code; the count is of sockets.
     */
    @Override
    public int disconnect(String userId, CloseCode code) {
        int n = 0;
        for (EngineSession session : sessions.values()) {
            n += session.disconnect(userId);
        }
        return n;
    }

    /** A user's last socket in a session has left: the seat it held is given back. */
    void unseated(String userId) {
        seats.release(userId);
    }

    JsonObject handshake(String sid, boolean canUpgrade) {
        var upgrades = Json.createArrayBuilder();
        if (canUpgrade) {
            upgrades.add("websocket");
        }
        return Json.createObjectBuilder().add("sid", sid).add("upgrades", upgrades).add("pingInterval", pingInterval)
                .add("pingTimeout", pingTimeout).add("maxPayload", maxPayload).build();
    }

    Outbound<EncodedMessage> outbound(Transport<EncodedMessage> transport, EngineSession session) {
        return new Outbound<>(transport, QUEUE, Long.MAX_VALUE,
                () -> closeLater(session, CloseCode.SLOW_CONSUMER, null),
                failure -> closeAfterWriteFailure(session), traffic);
    }

    /**
     * A write to the session's WebSocket failed, most often because the client closed it meanwhile (a client that
     * disconnects as soon as it has connected, while its rooms' first frames are still going out), and the close,
     * with the client's own code, is on its way. Nothing more is written; the session ends as a server error only if
     * that close has not ended it within a second.
     */
    private void closeAfterWriteFailure(EngineSession session) {
        scheduler.schedule(() -> session.close(CloseCode.SERVER_ERROR, "write failed"), WRITE_FAILURE_GRACE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    void closeLater(EngineSession session, CloseCode code, String detail) {
        scheduler.execute(() -> session.close(code, detail));
    }

    void forget(EngineSession session, Identity who, int code, String reason) {
        session.unseat().forEach(seats::release);
        if (sessions.remove(session.sid(), session)) {
            deadlines.watch(session);   // to be let go of
            metrics.disconnected("socketio", session.sid(), who, code, reason);
        }
    }

    /**
     * Pings the sessions whose ping is due, closes those whose last ping went unanswered, and ends those whose token
     * expired past the grace: the client reconnects with its {@code auth} (a callback gives a fresh token) or hears
     * {@code connect_error}. Looks only at the sessions whose deadline may have come ({@link Deadlines}).
     */
    private void ping() {
        deadlines.tick(System.nanoTime(), Instant.now(), this::check);
    }

    /** A socket signed in, maybe with a token that runs out sooner than the others': looked at on the next tick. */
    void signedIn(EngineSession session) {
        deadlines.watch(session);
    }

    private long check(EngineSession session, long now, Instant wallClock) {
        if (session.isClosed()) {
            return Deadlines.NOWHERE;
        }
        Duration left = tokenLeft(session, wallClock);
        if (left != null && left.isNegative()) {
            session.close(CloseCode.TOKEN_EXPIRED, null);
            return Deadlines.NOWHERE;
        }
        long next = session.ping(now, TimeUnit.MILLISECONDS.toNanos(pingInterval),
                TimeUnit.MILLISECONDS.toNanos(pingTimeout));
        return next != Deadlines.NOWHERE && left != null ? Deadlines.sooner(next, now, left) : next;
    }

    /**
     * How long until the first of the session's tokens has been expired longer than the grace (negative once it
     * has), or null when no socket signed in: the session then ends, as 4002 ends /ws.
     */
    private Duration tokenLeft(EngineSession session, Instant wallClock) {
        Duration least = null;
        for (NamespaceSocket socket : session.sockets()) {
            var identity = socket.identity();
            if (!identity.isAnonymous() && identity.expiresAt() != null) {
                Duration left = Duration.between(wallClock, identity.expiresAt()).plusSeconds(tokenGrace);
                if (least == null || left.compareTo(least) < 0) {
                    least = left;
                }
            }
        }
        return least;
    }

    /** A Socket.IO packet from the client: see {@link SocketPackets}. */
    void message(EngineSession session, String text) {
        packets.received(session, text);
    }
}
