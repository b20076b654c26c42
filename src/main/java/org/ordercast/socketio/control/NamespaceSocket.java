package org.ordercast.socketio.control;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.UUID;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.Publication;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Rooms;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.socketio.entity.SocketPacket;

/**
 * A Socket.IO socket: one client in one namespace, with the identity its token gave and the rooms it is in. A
 * room is an ordercast channel joined at the hub under the same rules as on {@code /ws}; what the channel
 * publishes reaches the client as the namespace's events ({@link NamespaceEvents}).
 *
 * <p>Every event carries, as its last argument, the cursor of the socket's {@link Rooms}: where each stood when the
 * event was queued. Socket.IO's client keeps the last one and sends it back as {@code offset} when it reconnects
 * (connection state recovery), so any node can rejoin the rooms from there.
 */
public final class NamespaceSocket implements Rooms.Listener {

    private final EngineSession session;
    private final String namespace;
    private final String id = UUID.randomUUID().toString();
    private final Identity identity;
    private final NamespaceEvents events;
    private final Rooms rooms;
    /** When the publication being delivered was accepted, for the emits it makes; 0 otherwise. Under the rooms' lock. */
    private long delivering;

    NamespaceSocket(EngineSession session, String namespace, Identity identity, Hub hub, NamespaceEvents events) {
        this.session = session;
        this.namespace = namespace;
        this.identity = identity;
        this.events = events;
        this.rooms = new Rooms(hub, this);
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

    Rooms rooms() {
        return rooms;
    }

    /** An event for the client, with the rooms' cursor as its last argument. */
    public void emit(String event, JsonValue... args) {
        rooms.withCursor(cursor -> {
            JsonValue[] withCursor = Arrays.copyOf(args, args.length + 1);
            withCursor[args.length] = Json.createValue(cursor);
            session.send(EnginePackets.MESSAGE + SocketPacket.event(namespace, event, withCursor).encode(),
                    delivering);
        });
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
        rooms.join(channel, before);
    }

    public void leave(String channel) {
        rooms.leave(channel);
    }

    @Override
    public void deliver(String channel, Publication publication) {
        // under the rooms' lock, like the emits it makes
        delivering = publication.encoded().acceptedAt();
        try {
            events.deliver(this, channel, publication);
        } finally {
            delivering = 0;
        }
    }

    @Override
    public void lost(String channel) {
        // publications never reached this node: the client reconnects and recovers them from the history
        session.close(CloseCode.DISCONNECTED, "publications were lost on the way: reconnect to recover them");
    }

    /** The client left the namespace or the connection ended. */
    void disconnected() {
        rooms.leaveAll();
    }
}
