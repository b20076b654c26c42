package org.ordercast.socketio.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.broker.entity.Cursor;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Outbound;
import org.ordercast.hub.control.Transport;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.realtime.control.Limits;
import org.ordercast.socketio.entity.SocketPacket;

/**
 * The Engine.IO sessions of this node and the Socket.IO layer on top: handshakes, pings, and what a Socket.IO packet
 * from a client does (connect to a namespace with a token, send an event, leave).
 */
@ApplicationScoped
public class EngineSessions {

    private static final System.Logger LOG = System.getLogger(EngineSessions.class.getName());

    /** Between a connection's id and the cursor its {@code pid} carries. */
    private static final char PID_CURSOR = '|';

    /** Packets that may wait for a client (queued for its WebSocket or for its next poll). */
    static final int QUEUE = 1024;

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
    Hub hub;

    @Inject
    TokenVerifier verifier;

    @Inject
    SeedEvents events;

    @Inject
    Limits limits;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private ScheduledFuture<?> pings;

    @Inject
    Metrics metrics;

    @PostConstruct
    void start() {
        metrics.gauge("ordercast.connections", "Open connections", "socketio", sessions, Map::size);
        pings = scheduler.scheduleWithFixedDelay(this::ping, pingInterval, pingInterval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (pings != null) {
            pings.cancel(false);
        }
        List.copyOf(sessions.values()).forEach(EngineSession::close);
    }

    public int maxPayload() {
        return maxPayload;
    }

    public long pollTimeout() {
        return pingInterval + pingTimeout;
    }

    /** A new session, with the token its handshake carried (or null). */
    public EngineSession open(String upgradeToken) {
        var session = new EngineSession(UUID.randomUUID().toString().replace("-", ""), this, upgradeToken,
                limits.messagesPerSecond());
        sessions.put(session.sid(), session);
        return session;
    }

    public EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
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
        return new Outbound<>(transport, QUEUE, () -> closeLater(session, "slow consumer"),
                failure -> closeLater(session, "write failed"));
    }

    void closeLater(EngineSession session, String reason) {
        LOG.log(System.Logger.Level.DEBUG, "closing Socket.IO session " + session.sid() + ": " + reason);
        scheduler.execute(session::close);
    }

    void forget(EngineSession session) {
        sessions.remove(session.sid(), session);
    }

    /**
     * Pings every session, and ends those whose token expired past the grace: the client reconnects with its
     * {@code auth} (a callback gives a fresh token) or hears {@code connect_error}.
     */
    private void ping() {
        long now = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(pingTimeout);
        Instant wallClock = Instant.now();
        Duration grace = Duration.ofSeconds(tokenGrace);
        for (EngineSession session : sessions.values()) {
            if (expired(session, wallClock, grace)) {
                session.close();
            } else {
                session.ping(now, timeout);
            }
        }
    }

    /** Whether a socket's token ran out more than {@code grace} ago: the session then ends, as 4002 ends /ws. */
    private static boolean expired(EngineSession session, Instant now, Duration grace) {
        for (NamespaceSocket socket : session.sockets()) {
            var identity = socket.identity();
            if (!identity.isAnonymous() && identity.expiresAt() != null
                    && now.isAfter(identity.expiresAt().plus(grace))) {
                return true;
            }
        }
        return false;
    }

    /** A Socket.IO packet from the client; one it cannot read ends the connection, as Socket.IO's server does. */
    void message(EngineSession session, String text) {
        SocketPacket packet;
        try {
            packet = SocketPacket.parse(text);
        } catch (SocketPacket.BadPacketException e) {
            session.close();
            return;
        }
        NamespaceSocket socket = session.socket(packet.namespace());
        switch (packet.type()) {
            case CONNECT -> connect(session, packet);
            case DISCONNECT -> {
                if (socket != null) {
                    session.detach(socket);
                    socket.disconnected();
                }
            }
            case EVENT -> {
                if (socket == null) {
                    return;
                }
                JsonArray args = packet.data().asJsonArray();
                String event = ((JsonString) args.get(0)).getString();
                try {
                    socket.events().received(socket, event, args, packet.ackId());
                } catch (BrokerUnavailableException e) {
                    SeedEvents.answer(socket, packet.ackId(), Json.createObjectBuilder()
                            .add("error", "the broker is unavailable: retry").add("code", "unavailable").build());
                }
            }
            default -> { }
        }
    }

    private void connect(EngineSession session, SocketPacket packet) {
        String namespace = packet.namespace();
        NamespaceEvents mapping = events.of(namespace).orElse(null);
        if (mapping == null) {
            session.send(EnginePackets.MESSAGE + SocketPacket.connectError(namespace, "Invalid namespace").encode());
            return;
        }
        String token = session.upgradeToken();
        if (packet.data() instanceof JsonObject auth && auth.get("token") instanceof JsonString given) {
            token = given.getString();
        }
        Identity identity = Identity.anonymous();
        if (token != null && !token.isBlank()) {
            try {
                identity = verifier.verify(token);
            } catch (InvalidTokenException e) {
                session.send(EnginePackets.MESSAGE + SocketPacket.connectError(namespace, e.unverifiable()
                        ? "the token could not be checked now: retry" : "invalid token: " + e.getMessage()).encode());
                return;
            }
        } else if (mapping.requiresToken()) {
            session.send(EnginePackets.MESSAGE + SocketPacket.connectError(namespace,
                    "Authentication required: a token in auth.token").encode());
            return;
        }
        NamespaceSocket previous = session.socket(namespace);
        if (previous != null) {
            session.detach(previous);
            previous.disconnected();
        }
        var socket = new NamespaceSocket(session, namespace, identity, hub, mapping);
        session.attach(socket);
        Cursor returning = packet.data() instanceof JsonObject auth ? returning(auth) : null;
        boolean recovered;
        String pid;
        try {
            recovered = returning != null && socket.rooms().restore(returning, channel -> events.may(socket, channel),
                    limits.subscriptionsPerConnection());
            socket.rooms().enter(mapping.rooms(socket));
            String cursor = socket.rooms().start(recovered);
            pid = recovered ? ((JsonString) packet.data().asJsonObject().get("pid")).getString()
                    : UUID.randomUUID().toString().replace("-", "") + PID_CURSOR + cursor;
        } catch (BrokerUnavailableException e) {
            // its rooms could not be joined: the client reconnects rather than miss their events
            closeLater(session, "the broker is unavailable");
            return;
        }
        session.send(EnginePackets.MESSAGE + SocketPacket.connected(namespace, socket.id(), pid).encode());
        socket.rooms().open(recovered);
        mapping.greet(socket);
    }

    /**
     * The cursor a client coming back brings (Socket.IO's connection state recovery): the last event's offset, or,
     * if it got no event, the one its {@code pid} carries (where its rooms stood when it connected); null when it
     * asks for no recovery or the cursor cannot be read.
     */
    private static Cursor returning(JsonObject auth) {
        if (!(auth.get("pid") instanceof JsonString pid)) {
            return null;
        }
        String text = auth.get("offset") instanceof JsonString offset ? offset.getString()
                : pid.getString().substring(pid.getString().indexOf(PID_CURSOR) + 1);
        try {
            return Cursor.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
