package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.UUID;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.broker.entity.Cursor;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.realtime.control.Limits;
import org.ordercast.realtime.control.Seats;
import org.ordercast.socketio.entity.SocketPacket;

/**
 * What a Socket.IO packet from a client does: connect to a namespace with a token (and, coming back, with the
 * cursor of its rooms: connection state recovery), send an event, leave.
 */
@ApplicationScoped
public class SocketPackets {

    /** Between a connection's id and the cursor its {@code pid} carries. */
    private static final char PID_CURSOR = '|';

    @Inject
    Hub hub;

    @Inject
    TokenVerifier verifier;

    @Inject
    SeedEvents events;

    @Inject
    Limits limits;

    @Inject
    Metrics metrics;

    @Inject
    Seats seats;

    /** A Socket.IO packet from the client; one it cannot read ends the connection, as Socket.IO's server does. */
    void received(EngineSession session, String text) {
        SocketPacket packet;
        try {
            packet = SocketPacket.parse(text);
        } catch (SocketPacket.BadPacketException e) {
            session.close(CloseCode.POLICY_VIOLATION, "unreadable Socket.IO packet");
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
                metrics.refused("token", "socketio " + session.sid() + ": " + e.getMessage());
                session.send(EnginePackets.MESSAGE + SocketPacket.connectError(namespace, e.unverifiable()
                        ? "the token could not be checked now: retry" : "invalid token: " + e.getMessage()).encode());
                return;
            }
        } else if (mapping.requiresToken()) {
            session.send(EnginePackets.MESSAGE + SocketPacket.connectError(namespace,
                    "Authentication required: a token in auth.token").encode());
            return;
        }
        if (!identity.isAnonymous() && !session.seat(identity.userId(), seats::claim)) {
            metrics.limited("socketio", "connections-per-user");
            session.send(EnginePackets.MESSAGE
                    + SocketPacket.connectError(namespace, seats.refusal(identity.userId())).encode());
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
            session.closeLater(CloseCode.SERVER_ERROR, "the broker is unavailable");
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
