package org.ordercast.broker.entity;

import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a producer publishes, before a channel numbers it. One message published to several channels keeps one
 * {@code id}, so a client subscribed to {@code orders} and {@code order:42} can tell it is the same event.
 * <p>
 * An id is unique, not secret: a UUID whose high half is this node's, drawn once from {@link SecureRandom}, and
 * whose low half counts from a random start. {@code UUID.randomUUID()} took a lock around a read of
 * {@code /dev/urandom} for every publication, and publishing threads queued on it.
 */
public record Message(String id, String event, JsonValue data, String userId, String storeId, Instant timestamp) {

    private static final long NODE;
    private static final AtomicLong SEQUENCE;

    static {
        SecureRandom random = new SecureRandom();
        NODE = random.nextLong() & ~0xF000L | 0x4000L;   // version 4
        SEQUENCE = new AtomicLong(random.nextLong());
    }

    public Message {
        Objects.requireNonNull(event, "event");
        data = data == null ? JsonValue.NULL : data;
    }

    public static Message of(String event, JsonValue data) {
        return of(event, data, null, null);
    }

    public static Message of(String event, JsonValue data, String userId, String storeId) {
        return new Message(newId(), event, data, userId, storeId, Instant.now());
    }

    static String newId() {
        return new UUID(NODE, SEQUENCE.incrementAndGet() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L).toString();
    }
}
