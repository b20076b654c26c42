package org.ordercast.realtime.entity;

import jakarta.json.JsonObject;
import java.util.Set;
import org.ordercast.broker.entity.Since;
import org.ordercast.publish.entity.PublishRequest;

/**
 * A decoded client frame. Which fields are set depends on the type: {@code token} for authenticate,
 * {@code channel} (with {@code since} and {@code events} on subscribe), {@code name}/{@code args} for command,
 * {@code publication} for publish.
 */
public record ClientFrame(FrameType type, Long id, String token, String channel, Since since, Set<String> events,
                          String name, JsonObject args, PublishRequest publication) {

    ClientFrame(FrameType type, Long id, String token, String channel, Since since, Set<String> events, String name,
                JsonObject args) {
        this(type, id, token, channel, since, events, name, args, null);
    }

    public static ClientFrame of(FrameType type, Long id) {
        return new ClientFrame(type, id, null, null, null, null, null, null);
    }

    public static ClientFrame authenticate(Long id, String token) {
        return new ClientFrame(FrameType.AUTHENTICATE, id, token, null, null, null, null, null);
    }

    public static ClientFrame subscribe(Long id, String channel, Since since, Set<String> events) {
        return new ClientFrame(FrameType.SUBSCRIBE, id, null, channel, since, events, null, null);
    }

    public static ClientFrame onChannel(FrameType type, Long id, String channel) {
        return new ClientFrame(type, id, null, channel, null, null, null, null);
    }

    public static ClientFrame command(Long id, String name, JsonObject args) {
        return new ClientFrame(FrameType.COMMAND, id, null, null, null, null, name, args);
    }

    public static ClientFrame publish(Long id, PublishRequest publication) {
        return new ClientFrame(FrameType.PUBLISH, id, null, null, null, null, null, null, publication);
    }
}
