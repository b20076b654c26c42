package org.ordercast.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.channels.control.Policies;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.control.QueueSettings;
import org.ordercast.hub.control.Transport;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.metrics.control.Traffic;
import org.ordercast.presence.control.Presence;
import org.ordercast.realtime.entity.ErrorCode;
import org.ordercast.realtime.sendpath.QueryTokens;
import org.ordercast.realtime.sendpath.SendPaths;

/** Owns the open WebSocket connections: opens them (authenticating what came with the upgrade) and releases them. */
@ApplicationScoped
public class Sessions implements OpenConnections {

    private static final String CONNECTION = "ordercast.connection";
    /** The user property under which the endpoint's configurator leaves the upgrade's bearer token. */
    public static final String UPGRADE_TOKEN = "ordercast.upgrade-token";
    /** The user property under which the endpoint's configurator leaves the client's address. */
    public static final String CLIENT_ADDRESS = "ordercast.client-address";
    private static final Set<String> TOKEN_PARAMETER = Set.of("access_token");

    @Inject
    TokenVerifier verifier;

    @Inject
    Hub hub;

    @Inject
    Policies policies;

    @Inject
    WebSocketSettings settings;

    @Inject
    QueueSettings queues;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Presence presence;

    @Inject
    Seats seats;

    @Inject
    Metrics metrics;

    @Inject
    Heartbeat heartbeat;

    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final ConcurrentHashMap<Integer, AtomicLong> closeCodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> sendPaths = new ConcurrentHashMap<>();
    private Traffic traffic = Traffic.NONE;

    public void open(Session session) {
        session.setMaxTextMessageBufferSize(settings.maxFrameSize);
        var connection = new Connection(session, transport(session), queues.frames(), queues.bytes(),
                Identity.anonymous(), executor, traffic);
        SendPaths.idleTimeoutOff(session, connection::heard);
        session.getUserProperties().put(CONNECTION, connection);
        connections.put(session.getId(), connection);
        heartbeat.watch(connection);
        opened.incrementAndGet();
        Optional<String> token = upgradeToken(session);
        QueryTokens.forget(session, TOKEN_PARAMETER);
        if (token.isPresent()) {
            try {
                Identity who = verifier.verify(token.get());
                if (!seats.claim(who.userId())) {
                    metrics.limited("websocket", "connections-per-user");
                    connection.send(ServerFrames.error(null, ErrorCode.RATE_LIMITED, seats.refusal(who.userId())));
                    connection.close(CloseCode.RATE_LIMITED, "too many connections for this user");
                    return;
                }
                identify(connection, who);
            } catch (InvalidTokenException e) {
                metrics.refused("token", "websocket " + session.getId() + ": " + e.getMessage());
                connection.send(ServerFrames.error(null, e.unverifiable() ? ErrorCode.UNAVAILABLE
                        : ErrorCode.UNAUTHORIZED, e.getMessage()));
                connection.close(e.unverifiable() ? CloseCode.TOKEN_UNVERIFIABLE
                        : e.expired() ? CloseCode.TOKEN_EXPIRED : CloseCode.AUTHENTICATION_FAILED, e.getMessage());
                return;
            }
        }
        Identity who = connection.identity();
        if (who.isAnonymous() && !seatAnonymous(session, connection)) {
            return;
        }
        // the client is a member of its automatic channels by the time it hears it is connected: what they publish
        // from then on waits in the memberships, and reaches it right after the connected frame
        var joined = new ArrayList<Map.Entry<Subscription, Membership>>();
        for (NamespacePolicy policy : policies.all()) {
            if (policy.autoJoin() && policy.maySubscribe(who, new ChannelName(policy.namespace(), null))) {
                var subscription = connection.subscribing(policy.namespace(), null);
                Membership membership = hub.join(policy.namespace(), subscription, null);
                subscription.membership(membership);   // left with the connection from now on
                joined.add(Map.entry(subscription, membership));
            }
        }
        connection.send(ServerFrames.connected(session.getId(), who, settings.heartbeatSeconds,
                who.expiresIn(Instant.now())));
        for (var join : joined) {
            connection.joined(join.getKey(), join.getValue(), null);
        }
        metrics.connected("websocket", session.getId(), who);
    }

    /**
     * An anonymous connection takes a seat of its client's address until it signs in or closes; with none left, it is
     * told so and closed with 4029, as a user over the limit is.
     */
    private boolean seatAnonymous(Session session, Connection connection) {
        String address = clientAddress(session);
        Optional<Seats.AnonymousSeat> seat = seats.claimAnonymous(address);
        if (seat.isEmpty()) {
            metrics.limited("websocket", "anonymous-connections-per-address");
            connection.send(ServerFrames.error(null, ErrorCode.RATE_LIMITED, seats.anonymousRefusal(address)));
            connection.close(CloseCode.RATE_LIMITED, "too many connections from this address");
            return false;
        }
        connection.anonymousSeat(seat.get());
        if (!connections.containsKey(session.getId())) {
            connection.releaseAnonymousSeat();   // closed meanwhile
        }
        return true;
    }

    /** The client's address the endpoint's configurator left in the session, or null where it found none. */
    public static String clientAddress(Session session) {
        return session.getUserProperties().get(CLIENT_ADDRESS) instanceof String address ? address : null;
    }

    /** The node is shutting down: every client is told so (1001) and reconnects, to another node. */
    @PreDestroy
    void shutdown() {
        for (Connection connection : connections.values()) {
            connection.closeNow(CloseCode.GOING_AWAY, "this node is shutting down: reconnect");
        }
    }

    /** Opening failed on our side: closes with 1011 so the client retries. */
    public void abort(Session session) {
        Connection connection = connection(session);
        if (connection != null) {
            connection.close(CloseCode.SERVER_ERROR, "try again");
        }
    }

    @PostConstruct
    void registerMetrics() {
        traffic = metrics.traffic("websocket");
        metrics.gauge("ordercast.connections", "Open connections", "websocket", connections, Map::size);
        metrics.queueDepths("websocket", connections::values, Connection::queueDepth);
    }

    public Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }

    public void closed(Session session, CloseReason reason) {
        Connection connection = connections.remove(session.getId());
        if (connection == null) {
            return;
        }
        int code = connection.closeCode(reason.getCloseCode().getCode());
        closeCodes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        metrics.disconnected("websocket", session.getId(), connection.identity(), code,
                CloseCode.describe(code, reason.getReasonPhrase()));
        connection.release();
        heartbeat.watch(connection);   // for the heartbeat to let go of it
        connection.releaseAnonymousSeat();
        for (String channel : connection.channels()) {
            leave(connection, channel);
        }
        if (!connection.identity().isAnonymous()) {
            seats.release(connection.identity().userId());
        }
    }

    /** Signs the connection in as {@code who}, or in again with a fresh token; its heartbeat looks at the expiry. */
    void identify(Connection connection, Identity who) {
        connection.identity(who);
        heartbeat.watch(connection);
    }

    @Override
    public Stream<Identity> identities() {
        return connections.values().stream().map(Connection::identity);
    }

    @Override
    public long totalOpened() {
        return opened.get();
    }

    /** Connections opened since start per send path: {@code grizzly}, {@code tyrus} or {@code portable}. */
    public java.util.Map<String, Long> sendPaths() {
        var counts = new java.util.TreeMap<String, Long>();
        sendPaths.forEach((path, n) -> counts.put(path, n.get()));
        return counts;
    }

    /** How many connections closed with each close code since start, e.g. how many slow consumers were cut off. */
    public java.util.Map<Integer, Long> closeCodes() {
        var counts = new java.util.TreeMap<Integer, Long>();
        closeCodes.forEach((code, n) -> counts.put(code, n.get()));
        return counts;
    }

    /** Joins a channel after the broker accepted the subscription: counts the user in its presence if enabled. */
    void joined(Connection connection, NamespacePolicy policy, String channel) {
        if (policy.presence() && !connection.identity().isAnonymous()) {
            presence.joined(channel, connection.id(), connection.identity().userId());
        }
    }

    /** Leaves a channel, if subscribed: unsubscribes from the broker and counts the user out of its presence. */
    boolean leave(Connection connection, String channel) {
        Subscription gone = connection.forget(channel);
        if (gone == null) {
            return false;
        }
        gone.leave();
        boolean tracked = policies.of(ChannelName.parse(channel)).map(NamespacePolicy::presence).orElse(false);
        if (tracked && !connection.identity().isAnonymous()) {
            presence.left(channel, connection.id(), connection.identity().userId());
        }
        return true;
    }

    @Override
    public int disconnect(String userId, CloseCode code) {
        int n = 0;
        for (Connection c : connections.values()) {
            if (userId.equals(c.identity().userId())) {
                c.close(code, "disconnected by an administrator");
                n++;
            }
        }
        return n;
    }

    /** The session's send path, counted by name. */
    private Transport<EncodedMessage> transport(Session session) {
        SendPaths.Chosen chosen = SendPaths.choose(session, settings.sendPath);
        sendPaths.computeIfAbsent(chosen.name(), p -> new AtomicLong()).incrementAndGet();
        return chosen.transport();
    }

    private static Optional<String> upgradeToken(Session session) {
        if (session.getUserProperties().get(UPGRADE_TOKEN) instanceof String header) {
            return Optional.of(header);
        }
        List<String> query = session.getRequestParameterMap().get("access_token");
        return query == null || query.isEmpty() ? Optional.empty() : Optional.of(query.get(0));
    }
}
