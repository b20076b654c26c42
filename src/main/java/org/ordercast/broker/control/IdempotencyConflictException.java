package org.ordercast.broker.control;

import java.time.Instant;

/** An idempotency key came back with another request than the one it was first used for. */
public class IdempotencyConflictException extends RuntimeException {

    private final Instant firstUsed;

    public IdempotencyConflictException(String key, Instant firstUsed) {
        super("idempotency key '" + key + "' was used" + (firstUsed == null ? "" : " at " + firstUsed)
                + " for another request (event or data differ); use a new key for a new publication");
        this.firstUsed = firstUsed;
    }

    public Instant firstUsed() {
        return firstUsed;
    }
}
