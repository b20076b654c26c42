package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.control.ChannelRefusedException;

/**
 * The seed systems' Socket.IO namespaces, each mapped onto ordercast's channels and events in a class of its own:
 * which event a client sends means which channel, and which publication reaches the client as which event. Every
 * join goes through {@link ChannelAccess}, the rules of {@code /ws}.
 */
@ApplicationScoped
public class SeedEvents {

    @Inject
    ChannelAccess access;

    @Inject
    OrderRoomEvents orderRooms;

    @Inject
    OmsEvents oms;

    /** The namespace's events: {@code /} is seed 003's order rooms, {@code /events} seed 004's OMS events. */
    Optional<NamespaceEvents> of(String namespace) {
        return Optional.ofNullable(Map.<String, NamespaceEvents>of("/", orderRooms, "/events", oms).get(namespace));
    }

    /** Whether the socket's identity may read the channel, by the rules of {@code /ws}. */
    boolean may(NamespaceSocket socket, String channel) {
        try {
            access.checkSubscribe(socket.identity(), channel);
            return true;
        } catch (ChannelRefusedException e) {
            return false;
        }
    }

    static void answer(NamespaceSocket socket, Long ackId, JsonValue value) {
        if (ackId != null) {
            socket.ack(ackId, value);
        }
    }
}
