package org.ordercast.publish.entity;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v1/broadcast}: one event onto several channels, {@code broadcast} when none are named. */
public record BroadcastRequest(
        @Size(max = 100) List<String> channels,
        @NotBlank @Pattern(regexp = EventName.PATTERN, message = EventName.MESSAGE)
        @Size(max = EventName.MAX_LENGTH, message = EventName.MESSAGE) String event,
        JsonValue data) {
}
