package org.ordercast.broker.entity;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a producer publishes, before a channel numbers it. One message published to several channels keeps one
 * {@code id}, so a client subscribed to {@code orders} and {@code order:42} can tell it is the same event.
 */
public record Message(String id, String event, JsonValue data, String userId, String storeId, Instant timestamp) {

    public Message {
        Objects.requireNonNull(event, "event");
        data = data == null ? JsonValue.NULL : data;
    }

    public static Message of(String event, JsonValue data) {
        return of(event, data, null, null);
    }

    public static Message of(String event, JsonValue data, String userId, String storeId) {
        return new Message(UUID.randomUUID().toString(), event, data, userId, storeId, Instant.now());
    }
}
