package org.ordercast.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts new connections per client address in fixed one-minute windows (as the seed gateway did, with a
 * generous default). Windows of past minutes are dropped as the clock moves on.
 */
@ApplicationScoped
public class AddressLimiter {

    @Inject
    Limits limits;

    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long minute = currentMinute();

    /** Counts one connection from {@code address}; false if that exceeds the limit for this minute. */
    public boolean admit(String address) {
        long now = currentMinute();
        if (now != minute) {
            minute = now;
            counts.clear();
        }
        return counts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet()
                <= limits.connectionsPerIpPerMinute();
    }

    /** Seconds until the current window ends, for {@code Retry-After}. */
    public long retryAfterSeconds() {
        return 60 - (System.currentTimeMillis() / 1000) % 60;
    }

    private static long currentMinute() {
        return System.currentTimeMillis() / 60_000;
    }
}
