package org.ordercast.socketio.control;

import jakarta.json.JsonArray;
import java.util.List;
import org.ordercast.broker.entity.Publication;

/** One Socket.IO namespace of a seed system: its rooms from the start, the events it takes, the events it sends. */
interface NamespaceEvents {

    /** Whether the namespace refuses a client without a token ({@code connect_error}). */
    default boolean requiresToken() {
        return false;
    }

    /** The rooms (channels) a socket of this namespace is in from the start: those its identity may read. */
    default List<String> rooms(NamespaceSocket socket) {
        return List.of();
    }

    /** A socket just connected and is in its rooms: the namespace's greeting, if it has one. */
    default void greet(NamespaceSocket socket) {
    }

    /** An event from the client; false if the namespace has no such event. */
    boolean received(NamespaceSocket socket, String event, JsonArray args, Long ackId);

    /** A publication of a channel the socket is in, as the namespace's event (or nothing). */
    void deliver(NamespaceSocket socket, String channel, Publication publication);
}
