package org.ordercast.broker.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.ordercast.channels.entity.NamespacePolicy;

/**
 * What travels with a publish call besides the message: how much history the channel keeps (size and age), whether
 * a new subscriber gets the latest publication at once, and the publisher's idempotency key, if any.
 */
public record PublishOptions(int historySize, Duration historyTtl, boolean keepLast, Idempotency idempotency) {

    public static PublishOptions of(NamespacePolicy policy, Idempotency idempotency) {
        return new PublishOptions(policy.historySize(), policy.historyTtl(), policy.keepLast(), idempotency);
    }

    /**
     * A publisher's key for one request: a retry with the same {@code request} hash gets the first publication back
     * within {@code ttl}; another request under the same key is refused.
     */
    public record Idempotency(String publisher, String key, String request, Duration ttl) {

        /** The hash that tells two requests under one key apart: SHA-256 of the event and the data's JSON. */
        public static String hash(String event, String data) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(event.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(data.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
