package org.ordercast.realtime.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;
import org.ordercast.broker.entity.Since;
import org.ordercast.problem.entity.StrictJson;
import org.ordercast.publish.entity.EventName;
import org.ordercast.publish.entity.PublishRequest;
import org.ordercast.realtime.entity.ClientFrame;
import org.ordercast.realtime.entity.ErrorCode;
import org.ordercast.realtime.entity.FrameType;

/** Decodes client frames, checking every field the protocol names; anything else is a clear {@code error}. */
public final class FrameCodec {

    /** A subscription's event filter is kept as long as it lasts: its size is bounded. */
    static final int MAX_EVENTS = 100;

    private FrameCodec() {
    }

    public static ClientFrame decode(String text) throws ProtocolException {
        JsonObject frame = parse(text);
        Long id = id(frame);
        JsonValue typeValue = frame.get("type");
        if (!(typeValue instanceof JsonString typeName)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame needs a string 'type'", id);
        }
        FrameType type = FrameType.of(typeName.getString()).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + clip(typeName.getString()) + "'", id));
        return switch (type) {
            case AUTHENTICATE -> ClientFrame.authenticate(id, string(frame, "token", id));
            case SUBSCRIBE -> ClientFrame.subscribe(id, string(frame, "channel", id), since(frame, id),
                    events(frame, id));
            case UNSUBSCRIBE, PRESENCE -> ClientFrame.onChannel(type, id, string(frame, "channel", id));
            case COMMAND -> ClientFrame.command(id, string(frame, "name", id), args(frame, id));
            case PONG -> ClientFrame.of(type, id);
            case PUBLISH -> ClientFrame.publish(id, publication(frame, id));
        };
    }

    /** A publish frame's {@code channel}, {@code event}, {@code data} and {@code idempotencyKey}, as REST reads them. */
    private static PublishRequest publication(JsonObject frame, Long id) throws ProtocolException {
        try {
            return PublishRequest.read(frame);
        } catch (PublishRequest.Invalid e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.getMessage(), id);
        }
    }

    private static JsonObject parse(String text) throws ProtocolException {
        JsonValue value;
        try {
            value = StrictJson.read(text);
        } catch (JsonException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not valid JSON: " + e.getMessage(), null);
        }
        if (!(value instanceof JsonObject object)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame must be a JSON object", null);
        }
        return object;
    }

    private static Long id(JsonObject frame) throws ProtocolException {
        JsonValue id = frame.get("id");
        if (id == null || id == JsonValue.NULL) {
            return null;
        }
        if (id instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "'id' must fit in 64 bits", null);
            }
        }
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "'id' must be an integer", null);
    }

    private static String string(JsonObject frame, String field, Long id) throws ProtocolException {
        if (frame.get(field) instanceof JsonString value && !value.getString().isEmpty()) {
            return value.getString();
        }
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' must be a non-empty string", id);
    }

    private static Since since(JsonObject frame, Long id) throws ProtocolException {
        JsonValue since = frame.get("since");
        if (since == null || since == JsonValue.NULL) {
            return null;
        }
        if (since instanceof JsonObject cursor && cursor.get("offset") instanceof JsonNumber offset
                && offset.isIntegral()) {
            JsonValue epoch = cursor.get("epoch");
            try {
                long at = offset.longValueExact();
                if (at >= 0 && epoch instanceof JsonString given) {
                    return new Since(at, given.getString());
                }
                if (at == 0 && (epoch == null || epoch == JsonValue.NULL)) {
                    return Since.fromStart();
                }
            } catch (ArithmeticException beyondLong) {
                // refused below, as a negative one: longValue() would have wrapped it into another offset
            }
        }
        throw new ProtocolException(ErrorCode.BAD_REQUEST,
                "'since' must be {\"offset\": <integer >= 0>, \"epoch\": <string>} (the epoch may be left out"
                        + " at offset 0)", id);
    }

    private static Set<String> events(JsonObject frame, Long id) throws ProtocolException {
        JsonValue events = frame.get("events");
        if (events == null || events == JsonValue.NULL) {
            return null;
        }
        if (events instanceof JsonArray array && !array.isEmpty() && array.size() <= MAX_EVENTS
                && array.stream().allMatch(v -> v instanceof JsonString name && EventName.isValid(name.getString()))) {
            var names = new LinkedHashSet<String>();
            array.getValuesAs(JsonString.class).forEach(s -> names.add(s.getString()));
            return names;
        }
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "'events' must be an array of 1 to " + MAX_EVENTS
                + " event names, each lower case and dotted and at most " + EventName.MAX_LENGTH + " characters", id);
    }

    private static JsonObject args(JsonObject frame, Long id) throws ProtocolException {
        JsonValue args = frame.get("args");
        if (args == null || args == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (args instanceof JsonObject object) {
            return object;
        }
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "'args' must be an object", id);
    }

    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
