package org.ordercast.socketio.control;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.control.Subscriber;
import org.ordercast.socketio.entity.SocketPacket;

/**
 * A Socket.IO socket: one client in one namespace, with the identity its token gave and the rooms it is in. A
 * room is an ordercast channel joined at the hub under the same rules as on {@code /ws}; what the channel
 * publishes reaches the client as the namespace's events ({@link NamespaceEvents}).
 */
public final class NamespaceSocket {

    private final EngineSession session;
    private final String namespace;
    private final String id = UUID.randomUUID().toString();
    private final Identity identity;
    private final Hub hub;
    private final NamespaceEvents events;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    NamespaceSocket(EngineSession session, String namespace, Identity identity, Hub hub, NamespaceEvents events) {
        this.session = session;
        this.namespace = namespace;
        this.identity = identity;
        this.hub = hub;
        this.events = events;
    }

    public String namespace() {
        return namespace;
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    NamespaceEvents events() {
        return events;
    }

    /** An event for the client. */
    public void emit(String event, JsonValue... args) {
        session.send(EnginePackets.MESSAGE + SocketPacket.event(namespace, event, args).encode());
    }

    /** The answer to an event the client sent with an acknowledgement id. */
    public void ack(long ackId, JsonValue... args) {
        session.send(EnginePackets.MESSAGE + SocketPacket.ack(namespace, ackId, args).encode());
    }

    /**
     * Joins the room of an ordercast channel from now on; the caller has checked the identity may. The channel's
     * publications pass until {@link #leave}; {@code before} goes out first (the join's confirmation).
     */
    public void join(String channel, Runnable before) {
        var room = new Room(channel);
        if (rooms.putIfAbsent(channel, room) != null) {
            before.run();
            return;
        }
        try {
            room.membership = hub.join(channel, room, null);
        } catch (RuntimeException e) {
            // the broker could not be reached: the socket is not in the room, and the caller hears why
            rooms.remove(channel, room);
            throw e;
        }
        before.run();
        Publication latest = room.membership.position().latest();
        if (latest != null) {
            // a keep-last channel's current state (the processing status) arrives at once
            events.deliver(this, channel, latest);
        }
        room.membership.open();
    }

    public void leave(String channel) {
        Room room = rooms.remove(channel);
        if (room != null && room.membership != null) {
            room.membership.leave();
        }
    }

    public int rooms() {
        return rooms.size();
    }

    /** The client left the namespace or the connection ended. */
    void disconnected() {
        rooms.keySet().forEach(this::leave);
    }

    private final class Room implements Subscriber {

        private final String channel;
        private volatile Membership membership;

        Room(String channel) {
            this.channel = channel;
        }

        @Override
        public void deliver(Publication publication) {
            events.deliver(NamespaceSocket.this, channel, publication);
        }

        @Override
        public void presence(EncodedMessage frame) {
        }

        @Override
        public void resync(String lost) {
            // publications never reached this node: the client reconnects rather than missing them silently
            session.close();
        }
    }
}
