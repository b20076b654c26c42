package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ordercast.broker.entity.Publication;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.realtime.control.Limits;

/**
 * Seed 003's default namespace (order tracking and the kitchen): {@code join_order_room} / {@code
 * leave_order_room} with an order id join or leave channel {@code order:<id>}, confirmed by {@code
 * joined_order_room}; its status changes arrive as {@code order_status_updated}; a client that may read channel
 * {@code orders} (staff, kitchen) is in it from the start and hears every new order as {@code new_order}.
 */
@ApplicationScoped
public class OrderRoomEvents implements NamespaceEvents {

    private static final Set<String> STATUS_EVENTS = Set.of("order.status_changed", "order.cancelled");

    @Inject
    SeedEvents seeds;

    @Inject
    Limits limits;

    @Inject
    Metrics metrics;

    @Override
    public List<String> rooms(NamespaceSocket socket) {
        return seeds.may(socket, "orders") ? List.of("orders") : List.of();
    }

    @Override
    public boolean received(NamespaceSocket socket, String event, JsonArray args, Long ackId) {
        switch (event) {
            case "join_order_room" -> {
                Optional<String> order = SeedEvents.idArgument(args, "orderId");
                if (order.isEmpty() || !seeds.may(socket, "order:" + order.get())) {
                    SeedEvents.answer(socket, ackId, Json.createObjectBuilder().add("error",
                            order.isEmpty() ? "name an order id" : "not allowed to follow this order").build());
                    return true;
                }
                if (socket.rooms().size() >= limits.subscriptionsPerConnection()) {
                    metrics.limited("socketio", "subscriptions-per-connection");
                    SeedEvents.answer(socket, ackId, Json.createObjectBuilder().add("error", "at most "
                            + limits.subscriptionsPerConnection() + " rooms per connection").build());
                    return true;
                }
                JsonObject joined = Json.createObjectBuilder().add("orderId", order.get())
                        .add("room", "order_" + order.get()).build();
                socket.join("order:" + order.get(), () -> {
                    socket.emit("joined_order_room", joined);
                    SeedEvents.answer(socket, ackId, joined);
                });
                return true;
            }
            case "leave_order_room" -> {
                SeedEvents.idArgument(args, "orderId").ifPresent(order -> socket.leave("order:" + order));
                SeedEvents.answer(socket, ackId, Json.createObjectBuilder().add("left", true).build());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void deliver(NamespaceSocket socket, String channel, Publication publication) {
        String event = publication.event();
        JsonValue data = publication.message().data();
        if (channel.equals("orders") && event.equals("order.created")) {
            socket.emit("new_order", data);
        } else if (channel.startsWith("order:") && STATUS_EVENTS.contains(event)) {
            socket.emit("order_status_updated", data);
        }
    }
}
