package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ordercast.broker.entity.Publication;
import org.ordercast.channels.control.ChannelAccess;

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
    ProcessingEvents processing;

    @Inject
    OmsEvents oms;

    @Inject
    RealtimeEvents realtime;

    /**
     * The namespace's events: {@code /} is seed 000's processing run and seed 003's order rooms (their event names
     * differ), {@code /realtime} seed 002's commissions, queue and dashboard, {@code /events} seed 004's OMS events.
     */
    Optional<NamespaceEvents> of(String namespace) {
        return switch (namespace) {
            case "/" -> Optional.of(new Both(processing, orderRooms));
            case "/realtime" -> Optional.of(realtime);
            case "/events" -> Optional.of(oms);
            default -> Optional.empty();
        };
    }

    /** Whether the socket's identity may read the channel, by the rules of {@code /ws}. */
    boolean may(NamespaceSocket socket, String channel) {
        return access.maySubscribe(socket.identity(), channel);
    }

    /** The id an event names first: a string, a number, or an object's {@code field}; at most 64 characters. */
    static Optional<String> idArgument(JsonArray args, String field) {
        if (args.size() < 2) {
            return Optional.empty();
        }
        JsonValue first = args.get(1);
        if (first instanceof JsonObject object && object.containsKey(field)) {
            first = object.get(field);
        }
        String id = first instanceof JsonString text ? text.getString()
                : first instanceof JsonNumber number ? number.toString() : null;
        return id == null || id.isBlank() || id.length() > 64 ? Optional.empty() : Optional.of(id.strip());
    }

    static void answer(NamespaceSocket socket, Long ackId, JsonValue value) {
        if (ackId != null) {
            socket.ack(ackId, value);
        }
    }

    /** Two seeds in one namespace: the socket is in both's rooms; an event is the first one's that knows it. */
    private record Both(NamespaceEvents first, NamespaceEvents second) implements NamespaceEvents {

        @Override
        public List<String> rooms(NamespaceSocket socket) {
            return Stream.concat(first.rooms(socket).stream(), second.rooms(socket).stream()).distinct().toList();
        }

        @Override
        public void greet(NamespaceSocket socket) {
            first.greet(socket);
            second.greet(socket);
        }

        @Override
        public boolean received(NamespaceSocket socket, String event, JsonArray args, Long ackId) {
            return first.received(socket, event, args, ackId) || second.received(socket, event, args, ackId);
        }

        @Override
        public void deliver(NamespaceSocket socket, String channel, Publication publication) {
            first.deliver(socket, channel, publication);
            second.deliver(socket, channel, publication);
        }
    }
}
