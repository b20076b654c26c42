package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Publication;
import org.ordercast.channels.entity.ChannelName;

/**
 * Seed 004's namespace {@code /events} (the OMS gateway). A token is required. Connected, a socket is in its user's
 * room ({@code user:<id>}), its roles' rooms ({@code role:<name>}) and {@code broadcast}, and hears
 * {@code connected}; {@code subscribe_to_orders} and {@code subscribe_to_inventory} join {@code orders} and
 * {@code inventory} where the token may read them (else {@code error}); {@code ping} gets {@code pong}. Every
 * event comes in the seed's envelope {@code {type, data, userId?, timestamp}}: order events as
 * {@code order_update} ({@code type: order_status}), inventory alerts as {@code inventory_update}, notifications
 * of the user, its roles and everyone as {@code user_notification} ({@code type: user_specific},
 * {@code role_specific}, {@code broadcast}).
 */
@ApplicationScoped
public class OmsEvents implements NamespaceEvents {

    @Inject
    SeedEvents seeds;

    @Override
    public boolean requiresToken() {
        return true;
    }

    @Override
    public List<String> rooms(NamespaceSocket socket) {
        var channels = new ArrayList<String>();
        ChannelName.ofUser(socket.identity().userId()).ifPresent(channels::add);
        socket.identity().roles().stream().sorted().forEach(role -> channels.add("role:" + role));
        channels.add("broadcast");
        channels.removeIf(channel -> !seeds.may(socket, channel));
        return channels;
    }

    @Override
    public void greet(NamespaceSocket socket) {
        var identity = socket.identity();
        var rooms = Json.createArrayBuilder();
        rooms(socket).forEach(channel -> rooms.add(channel.replace(':', '_')));
        socket.emit("connected", Json.createObjectBuilder().add("userId", identity.userId())
                .add("roles", Json.createArrayBuilder(identity.roles())).add("rooms", rooms)
                .add("socketId", socket.id()).add("timestamp", Instant.now().toString()).build());
    }

    @Override
    public boolean received(NamespaceSocket socket, String event, JsonArray args, Long ackId) {
        switch (event) {
            case "subscribe_to_orders" -> subscribe(socket, "orders", "order_updates", ackId);
            case "subscribe_to_inventory" -> subscribe(socket, "inventory", "inventory_updates", ackId);
            case "ping" -> {
                JsonObject pong = Json.createObjectBuilder().add("timestamp", Instant.now().toString()).build();
                socket.emit("pong", pong);
                SeedEvents.answer(socket, ackId, pong);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void subscribe(NamespaceSocket socket, String channel, String room, Long ackId) {
        if (!seeds.may(socket, channel)) {
            JsonObject error = Json.createObjectBuilder().add("message", "not allowed to subscribe to " + room)
                    .add("room", room).build();
            socket.emit("error", error);
            SeedEvents.answer(socket, ackId, error);
            return;
        }
        JsonObject subscribed = Json.createObjectBuilder().add("room", room).build();
        socket.join(channel, () -> SeedEvents.answer(socket, ackId, subscribed));
    }

    @Override
    public void deliver(NamespaceSocket socket, String channel, Publication publication) {
        Message message = publication.message();
        String event = publication.event();
        if (event.startsWith("order.") && (channel.equals("orders") || channel.startsWith("user:"))) {
            socket.emit("order_update", envelope("order_status", message));
        } else if (event.startsWith("inventory.") && channel.equals("inventory")) {
            socket.emit("inventory_update", envelope("inventory_update", message));
        } else if (channel.startsWith("user:")) {
            socket.emit("user_notification", envelope("user_specific", message));
        } else if (channel.startsWith("role:")) {
            socket.emit("user_notification", envelope("role_specific", message));
        } else if (channel.equals("broadcast")) {
            socket.emit("user_notification", envelope("broadcast", message));
        }
    }

    /** The seed's envelope: {@code {type, data, userId?, timestamp}}. */
    private static JsonObject envelope(String type, Message message) {
        JsonObjectBuilder envelope = Json.createObjectBuilder().add("type", type)
                .add("data", message.data() == null ? JsonValue.NULL : message.data());
        if (message.userId() != null) {
            envelope.add("userId", message.userId());
        }
        Instant at = message.timestamp() == null ? Instant.now() : message.timestamp();
        return envelope.add("timestamp", at.toString()).build();
    }
}
