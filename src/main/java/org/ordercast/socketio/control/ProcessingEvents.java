package org.ordercast.socketio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.stream.Stream;
import org.ordercast.broker.entity.Publication;
import org.ordercast.realtime.control.Commands;
import org.ordercast.realtime.control.ProtocolException;

/**
 * Seed 000's default namespace (the order-processing run): every socket is in channel {@code processing} from the
 * start and gets its current {@code status} at once, then {@code status} (with {@code phase}) and {@code progress}
 * ({@code {progress, etaSeconds, phase}}) as the run goes; a token that may read {@code logs} (operator, admin) is
 * in that channel too and gets its {@code log} lines. {@code getStatus} answers with the
 * status; {@code pause} and {@code resume} run the same commands as {@code /ws}, with the same rights (an operator
 * role), and answer through the acknowledgement ({@code {error}} when refused).
 */
@ApplicationScoped
public class ProcessingEvents implements NamespaceEvents {

    @Inject
    SeedEvents seeds;

    @Inject
    Commands commands;

    @Override
    public List<String> rooms(NamespaceSocket socket) {
        return Stream.of("processing", "logs").filter(channel -> seeds.may(socket, channel)).toList();
    }

    @Override
    public boolean received(NamespaceSocket socket, String event, JsonArray args, Long ackId) {
        String command = switch (event) {
            case "getStatus" -> "status";
            case "pause" -> "processing.pause";
            case "resume" -> "processing.resume";
            default -> null;
        };
        if (command == null) {
            return false;
        }
        JsonValue answer;
        try {
            answer = commands.execute(socket.identity(), command, JsonValue.EMPTY_JSON_OBJECT);
        } catch (ProtocolException e) {
            answer = Json.createObjectBuilder().add("error", e.getMessage()).add("code", e.code().wireName()).build();
        }
        if (command.equals("status") && answer instanceof JsonObject status && !status.containsKey("error")) {
            socket.emit("status", status);
        }
        SeedEvents.answer(socket, ackId, answer);
        return true;
    }

    @Override
    public void deliver(NamespaceSocket socket, String channel, Publication publication) {
        JsonValue data = publication.message().data();
        switch (publication.event()) {
            case "processing.status" -> {
                if (!channel.equals("processing")) {
                    return;
                }
                socket.emit("status", data);
                if (data instanceof JsonObject status) {
                    var progress = Json.createObjectBuilder().add("phase", status.getOrDefault("phase", JsonValue.NULL))
                            .add("progress", status.getOrDefault("progress", JsonValue.NULL))
                            .add("etaSeconds", status.getOrDefault("etaSeconds", JsonValue.NULL));
                    socket.emit("progress", progress.build());
                }
            }
            case "processing.log" -> {
                if (channel.equals("logs")) {
                    socket.emit("log", data);
                }
            }
            default -> { }
        }
    }
}
