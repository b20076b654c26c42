package org.ordercast.realtime.control;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.realtime.entity.ErrorCode;

/** Encodes the server's frames other than {@code event}, which each publication encodes once for itself. */
public final class ServerFrames {

    static final EncodedMessage PING = new EncodedMessage("{\"type\":\"ping\"}");
    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

    private ServerFrames() {
    }

    static EncodedMessage connected(String sessionId, Identity who, long heartbeatSeconds, long expiresIn) {
        return frame("connected", json -> {
            json.write("sessionId", sessionId).write("authenticated", !who.isAnonymous());
            user(json, who);
            json.write("heartbeat", heartbeatSeconds).write("expiresIn", expiresIn).write("protocol", 1);
        });
    }

    static EncodedMessage authenticated(Long id, Identity who, long expiresIn) {
        return frame("reply", json -> {
            if (id != null) {
                json.write("id", id);
            }
            json.writeStartObject("result").write("authenticated", true);
            user(json, who);
            json.write("expiresIn", expiresIn).writeEnd();
        });
    }

    static EncodedMessage subscribed(Long id, Position position) {
        return frame("reply", json -> {
            if (id != null) {
                json.write("id", id);
            }
            json.writeStartObject("result")
                    .write("channel", position.channel())
                    .write("epoch", position.epoch())
                    .write("offset", position.offset())
                    .write("recovered", position.recovered())
                    .writeStartArray("publications");
            for (Publication p : position.publications()) {
                p.writeTo(json);
            }
            json.writeEnd().writeEnd();
        });
    }

    static EncodedMessage reply(long id, JsonValue result) {
        return frame("reply", json -> json.write("id", id).write("result", result));
    }

    static EncodedMessage error(Long id, ErrorCode code, String message) {
        return frame("error", json -> {
            if (id != null) {
                json.write("id", id);
            }
            json.write("code", code.wireName()).write("message", message);
        });
    }

    static EncodedMessage unsubscribed(String channel, String reason) {
        return frame("unsubscribed", json -> json.write("channel", channel).write("reason", reason));
    }

    private static void user(JsonGenerator json, Identity who) {
        if (who.isAnonymous()) {
            json.writeNull("user");
            return;
        }
        json.writeStartObject("user").write("id", who.userId()).writeStartArray("roles");
        who.roles().forEach(json::write);
        json.writeEnd().writeEnd();
    }

    private static EncodedMessage frame(String type, Consumer<JsonGenerator> fields) {
        var out = new StringWriter(96);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject().write("type", type);
            fields.accept(json);
            json.writeEnd();
        }
        return new EncodedMessage(out.toString());
    }
}
