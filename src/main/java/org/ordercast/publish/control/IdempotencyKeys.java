package org.ordercast.publish.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ordercast.publish.entity.PublishRefusedException;
import org.ordercast.publish.entity.Published;

/**
 * Idempotency keys of publish requests, each scoped to its publisher and remembered with a hash of the request
 * (channel, event, data) for {@code ttl}, at most {@code capacity} at a time (the oldest go first). A key seen again
 * with the same request returns the first result; with another request it is refused (409): answering with the
 * first result would silently drop the second publication.
 */
final class IdempotencyKeys {

    private record Remembered(String hash, Published result, Instant at) {
    }

    private final Duration ttl;
    private final int capacity;
    private final Map<String, Remembered> keys = new LinkedHashMap<>();

    IdempotencyKeys(Duration ttl, int capacity) {
        this.ttl = ttl;
        this.capacity = capacity;
    }

    /** The first result for this publisher's key and request, publishing now if the key is new or expired. */
    synchronized Published once(String publisher, String key, String channel, String event, String data,
                                Supplier<Published> publish) {
        Instant now = Instant.now();
        forgetExpired(now);
        String scoped = publisher + '\u0000' + key;
        String hash = hash(channel, event, data);
        Remembered seen = keys.get(scoped);
        if (seen != null) {
            if (!seen.hash().equals(hash)) {
                throw new PublishRefusedException(409, "idempotency key '" + key + "' was used at " + seen.at()
                        + " for another request (channel, event or data differ); use a new key for a new publication");
            }
            return seen.result();
        }
        Published result = publish.get();
        keys.put(scoped, new Remembered(hash, result, now));
        if (keys.size() > capacity) {
            Iterator<String> oldest = keys.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return result;
    }

    private void forgetExpired(Instant now) {
        Instant oldest = now.minus(ttl);
        for (Iterator<Remembered> it = keys.values().iterator(); it.hasNext(); ) {
            if (!it.next().at().isBefore(oldest)) {
                return;
            }
            it.remove();
        }
    }

    static String hash(String channel, String event, String data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {channel, event, data}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
