package org.ordercast.envelope.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.metrics.control.Traffic;
import org.ordercast.realtime.control.Limits;
import org.ordercast.realtime.control.OpenConnections;
import org.ordercast.realtime.control.Seats;
import org.ordercast.realtime.control.WebSocketSettings;
import org.ordercast.realtime.sendpath.SendPaths;

/**
 * The envelope protocol's connections on this node: opened anonymous (or authenticated by the upgrade's token),
 * counted, closed with 4002 when a token ran out past the grace, as on {@code /ws}.
 */
@ApplicationScoped
public class EnvelopeConnections implements OpenConnections {

    private static final System.Logger LOG = System.getLogger(EnvelopeConnections.class.getName());

    /** Frames that may wait for a client before it counts as a slow consumer. */
    static final int QUEUE = 1024;

    @Inject
    Hub hub;

    @Inject
    EnvelopeAuthentication authentication;

    @Inject
    Limits limits;

    @Inject
    WebSocketSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, EnvelopeConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private ScheduledFuture<?> expiries;
    private Traffic traffic = Traffic.NONE;

    @Inject
    Metrics metrics;

    @Inject
    Seats seats;

    @PostConstruct
    void start() {
        traffic = metrics.traffic("envelope");
        metrics.gauge("ordercast.connections", "Open connections", "envelope", connections, Map::size);
        metrics.queueDepths("envelope", connections::values, EnvelopeConnection::queueDepth);
        expiries = scheduler.scheduleWithFixedDelay(this::closeExpired, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (expiries != null) {
            expiries.cancel(false);
        }
        List.copyOf(connections.values()).forEach(c -> c.close(CloseCode.GOING_AWAY, null));
    }

    Traffic traffic() {
        return traffic;
    }

    /**
     * A new connection: anonymous, in {@code broadcast}, greeted with a {@code GENERAL_NOTIFICATION}; a token that
     * came with the upgrade authenticates it at once. Until it signs in, it holds a seat of its client's
     * {@code address} ({@link Seats#claimAnonymous}); with none left it is closed with 4029.
     */
    public EnvelopeConnection open(Session session, String token, String address) {
        session.setMaxTextMessageBufferSize(settings.maxFrameSize());
        SendPaths.idleTimeoutOff(session, null);
        var transport = SendPaths.choose(session, settings.sendPath()).transport();
        var connection = new EnvelopeConnection(session, this, transport, hub, limits.messagesPerSecond());
        connections.put(connection.id(), connection);
        opened.incrementAndGet();
        metrics.connected("envelope", connection.id(), Identity.anonymous());
        Optional<Seats.AnonymousSeat> seat = seats.claimAnonymous(address);
        if (seat.isEmpty()) {
            metrics.limited("envelope", "anonymous-connections-per-address");
            connection.error("rate_limited", seats.anonymousRefusal(address));
            connection.close(CloseCode.RATE_LIMITED, "too many connections from this address");
            return connection;
        }
        if (!connection.seated(seat.get())) {
            return connection;
        }
        if (token != null && !token.isBlank()) {
            authenticate(connection, Json.createObjectBuilder().add("token", token).build());
            return connection;
        }
        try {
            connection.rooms().enter(authentication.readable(connection.identity(), List.of("broadcast")));
            connection.rooms().start(false);
        } catch (BrokerUnavailableException e) {
            connection.close(CloseCode.SERVER_ERROR, "the broker is unavailable: reconnect");
            return connection;
        }
        connection.send("GENERAL_NOTIFICATION", Json.createObjectBuilder()
                .add("message", "connected: send authenticate with a token").add("authenticated", false).build(), null);
        connection.rooms().open(false);
        return connection;
    }

    @Override
    public Stream<Identity> identities() {
        return connections.values().stream().map(EnvelopeConnection::identity);
    }

    @Override
    public long totalOpened() {
        return opened.get();
    }

    @Override
    public int disconnect(String userId, CloseCode code) {
        int n = 0;
        for (EnvelopeConnection connection : connections.values()) {
            if (userId.equals(connection.identity().userId())) {
                connection.close(code, "disconnected by an administrator");
                n++;
            }
        }
        return n;
    }

    /** {@code authenticate}: see {@link EnvelopeAuthentication}. */
    void authenticate(EnvelopeConnection connection, JsonObject data) {
        authentication.authenticate(connection, data);
    }

    int maxFrameSize() {
        return settings.maxFrameSize();
    }

    void closeLater(EnvelopeConnection connection, CloseCode code) {
        LOG.log(System.Logger.Level.DEBUG, "closing envelope connection " + connection.id() + ": " + code);
        scheduler.execute(() -> connection.close(code, null));
    }

    /** The connection ended with {@code code}: it leaves the presence it was counted in. */
    void forget(EnvelopeConnection connection, int code) {
        if (connections.remove(connection.id()) == null) {
            return;
        }
        metrics.disconnected("envelope", connection.id(), connection.identity(), code,
                CloseCode.describe(code, null));
        authentication.left(connection);
    }

    private void closeExpired() {
        Instant limit = Instant.now().minusSeconds(settings.tokenGraceSeconds());
        for (EnvelopeConnection connection : connections.values()) {
            Instant expiresAt = connection.identity().expiresAt();
            if (!connection.identity().isAnonymous() && expiresAt != null && expiresAt.isBefore(limit)) {
                connection.close(CloseCode.TOKEN_EXPIRED, "authenticate again with a fresh token");
            }
        }
    }
}
