package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import org.ordercast.broker.entity.Publication;

/**
 * Seed 002's namespace {@code /realtime} (commissions, the job queue, the dashboard). A token is optional (an
 * anonymous socket may join nothing that needs a role); connected, a socket hears {@code connection:success}
 * {@code {authenticated, userId?, socketId}}. {@code subscribe:dashboard}, {@code subscribe:queue} and
 * {@code subscribe:contract} (with an id) join channels {@code dashboard}, {@code queue} and {@code contract:<id>}
 * where the token may read them, else {@code error} {@code {message}}; their {@code unsubscribe:} twins leave.
 * Events keep ordercast's payloads under the seed's names: {@code commission.calculated} is
 * {@code commission:calculated}, {@code queue.job_progress} is {@code queue:job-progress}, and so on.
 */
@ApplicationScoped
public class RealtimeEvents implements NamespaceEvents {

    /** ordercast's event, the seed's name for it. */
    private static final Map<String, String> EVENTS = Map.of(
            "commission.calculated", "commission:calculated",
            "commission.updated", "commission:updated",
            "queue.job_progress", "queue:job-progress",
            "queue.job_completed", "queue:job-completed",
            "queue.job_failed", "queue:job-failed",
            "queue.stats", "queue:stats",
            "dashboard.metrics", "dashboard:metrics");

    @Inject
    SeedEvents seeds;

    @Override
    public void greet(NamespaceSocket socket) {
        var identity = socket.identity();
        var success = Json.createObjectBuilder().add("authenticated", !identity.isAnonymous())
                .add("socketId", socket.id());
        if (!identity.isAnonymous()) {
            success.add("userId", identity.userId());
        }
        socket.emit("connection:success", success.build());
    }

    @Override
    public boolean received(NamespaceSocket socket, String event, JsonArray args, Long ackId) {
        boolean leave = event.startsWith("unsubscribe:");
        if (!leave && !event.startsWith("subscribe:")) {
            return false;
        }
        String room = event.substring(event.indexOf(':') + 1);
        Optional<String> channel = switch (room) {
            case "dashboard", "queue" -> Optional.of(room);
            case "contract" -> SeedEvents.idArgument(args, "contractId").map(id -> "contract:" + id);
            default -> Optional.empty();
        };
        if (channel.isEmpty()) {
            refuse(socket, ackId, room.equals("contract") ? "name a contract id" : "no room " + room);
        } else if (leave) {
            socket.leave(channel.get());
            SeedEvents.answer(socket, ackId, Json.createObjectBuilder().add("left", channel.get()).build());
        } else if (!seeds.may(socket, channel.get())) {
            refuse(socket, ackId, "not allowed to subscribe to " + channel.get());
        } else {
            JsonObject joined = Json.createObjectBuilder().add("subscribed", channel.get()).build();
            socket.join(channel.get(), () -> SeedEvents.answer(socket, ackId, joined));
        }
        return true;
    }

    private static void refuse(NamespaceSocket socket, Long ackId, String message) {
        JsonObject error = Json.createObjectBuilder().add("message", message).build();
        socket.emit("error", error);
        SeedEvents.answer(socket, ackId, error);
    }

    @Override
    public void deliver(NamespaceSocket socket, String channel, Publication publication) {
        String event = EVENTS.get(publication.event());
        if (event != null) {
            JsonValue data = publication.message().data();
            socket.emit(event, data == null ? JsonValue.NULL : data);
        }
    }
}
