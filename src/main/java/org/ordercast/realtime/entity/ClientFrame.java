package org.ordercast.realtime.entity;

import jakarta.json.JsonObject;
import java.util.Set;
import org.ordercast.broker.entity.Since;

/**
 * A decoded client frame. Which fields are set depends on the type: {@code token} for authenticate,
 * {@code channel} (with {@code since} and {@code events} on subscribe), {@code name}/{@code args} for command.
 */
public record ClientFrame(FrameType type, Long id, String token, String channel, Since since, Set<String> events,
                          String name, JsonObject args) {
}
