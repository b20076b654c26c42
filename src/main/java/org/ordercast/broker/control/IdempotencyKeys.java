package org.ordercast.broker.control;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions.Idempotency;

/**
 * The memory broker's idempotency keys, each scoped to its publisher and channel and remembered with the hash of
 * the request it came with, for the key's time, at most {@code capacity} at a time (the oldest go first). A key seen
 * again with the same request returns the first publication; with another request it is refused: answering with the
 * first publication would silently drop the second.
 */
final class IdempotencyKeys {

    private record Remembered(String request, Publication result, Instant at, Instant expires) {
    }

    private final int capacity;
    private final Map<String, Remembered> keys = new LinkedHashMap<>();

    IdempotencyKeys(int capacity) {
        this.capacity = capacity;
    }

    /** The first publication for this key and request, publishing now if the key is new or expired. */
    synchronized Publication once(String channel, Idempotency idempotency, Supplier<Publication> publish) {
        Instant now = Instant.now();
        forgetExpired(now);
        String scoped = idempotency.publisher() + '\u0000' + channel + '\u0000' + idempotency.key();
        Remembered seen = keys.get(scoped);
        if (seen != null) {
            if (!seen.request().equals(idempotency.request())) {
                throw new IdempotencyConflictException(idempotency.key(), seen.at());
            }
            return seen.result();
        }
        Publication result = publish.get();
        keys.put(scoped, new Remembered(idempotency.request(), result, now, now.plus(idempotency.ttl())));
        if (keys.size() > capacity) {
            Iterator<String> oldest = keys.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return result;
    }

    /** Keys are kept in the order they came; with one time for all of them, the expired ones come first. */
    private void forgetExpired(Instant now) {
        for (Iterator<Remembered> it = keys.values().iterator(); it.hasNext(); ) {
            if (it.next().expires().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }
}
