package org.ordercast.publish.entity;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/publish}: one event onto one channel. {@link #read} checks a request by hand, with the messages
 * Bean Validation would give for {@code @NotBlank @Size(max = 200)} channel, {@code @NotBlank} dotted lower-case
 * event and {@code @Size(min = 1, max = 200)} idempotency key: this runs once per publication, where Bean
 * Validation and JSON-B binding cost more than the publication itself. Fields it does not know are ignored, as JSON-B
 * ignores them.
 */
public record PublishRequest(String channel, String event, JsonValue data, String idempotencyKey) {

    private static final int NAME_MAX = 200;

    /** The request, or {@link Invalid} naming every field that is wrong. */
    public static PublishRequest read(JsonObject body) throws Invalid {
        List<String[]> violations = new ArrayList<>(0);
        String channel = text(body, "channel", violations);
        if (channel != null && channel.length() > NAME_MAX) {
            violations.add(new String[] {"channel", "size must be between 0 and " + NAME_MAX});
        }
        String event = text(body, "event", violations);
        if (event != null && !EventName.isValid(event)) {
            violations.add(new String[] {"event", EventName.MESSAGE});
        }
        JsonValue key = body.get("idempotencyKey");
        String idempotencyKey = null;
        if (key instanceof JsonString text && !text.getString().isEmpty() && text.getString().length() <= NAME_MAX) {
            idempotencyKey = text.getString();
        } else if (key instanceof JsonString) {
            violations.add(new String[] {"idempotencyKey", "size must be between 1 and " + NAME_MAX});
        } else if (key != null && key.getValueType() != JsonValue.ValueType.NULL) {
            violations.add(new String[] {"idempotencyKey", "must be a string"});
        }
        if (!violations.isEmpty()) {
            throw new Invalid(violations);
        }
        return new PublishRequest(channel, event, body.get("data"), idempotencyKey);
    }

    /** A required string field's value; null, with a violation, when it is absent, blank or not a string. */
    private static String text(JsonObject body, String field, List<String[]> violations) {
        JsonValue value = body.get(field);
        if (value instanceof JsonString text && !text.getString().isBlank()) {
            return text.getString();
        }
        boolean blank = value == null || value.getValueType() == JsonValue.ValueType.NULL || value instanceof JsonString;
        violations.add(new String[] {field, blank ? "must not be blank" : "must be a string"});
        return null;
    }

    /** A request that breaks its constraints: the detail and one {@code {field, message}} per violation. */
    public static final class Invalid extends Exception {

        private final transient List<String[]> violations;

        Invalid(List<String[]> violations) {
            super(violations.stream().map(v -> v[0] + " " + v[1]).collect(Collectors.joining("; ")), null, false,
                    false);
            this.violations = violations;
        }

        public JsonArray violations() {
            JsonArrayBuilder array = Json.createArrayBuilder();
            violations.forEach(v -> array.add(Json.createObjectBuilder().add("field", v[0]).add("message", v[1])));
            return array.build();
        }
    }
}
