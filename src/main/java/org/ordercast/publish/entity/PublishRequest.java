package org.ordercast.publish.entity;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/publish}: one event onto one channel. */
public record PublishRequest(
        @NotBlank @Size(max = 200) String channel,
        @NotBlank @Pattern(regexp = EventName.PATTERN, message = EventName.MESSAGE) String event,
        JsonValue data,
        @Size(min = 1, max = 200) String idempotencyKey) {
}
