package org.ordercast.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Counts new connections per client address over the last minute, a sliding window: the attempts of the current
 * minute of the clock plus those of the minute before, weighted by how much of that minute is still within the last
 * sixty seconds. The seed gateway counted in fixed minutes, where an address could open twice its limit across the
 * turn of a minute; here the estimate carries the last minute's count over. Every attempt counts, the refused ones
 * too: a client that keeps trying faster than the limit stays refused until it slows down. Only the counts of the
 * current and the last minute are kept.
 */
@ApplicationScoped
public class AddressLimiter {

    private static final long MINUTE = 60_000;

    @Inject
    Limits limits;

    /** The wall clock in milliseconds; tests set their own. */
    LongSupplier clock = System::currentTimeMillis;

    private volatile Window window = new Window(Long.MIN_VALUE, Map.of(), new ConcurrentHashMap<>());

    /** The counts of one minute of the clock and of the minute before it. */
    private record Window(long minute, Map<String, AtomicInteger> last, ConcurrentHashMap<String, AtomicInteger> now) {

        int lastCount(String address) {
            AtomicInteger count = last.get(address);
            return count == null ? 0 : count.get();
        }
    }

    /** Counts one connection from {@code address}; false if that puts it over the limit of the last minute. */
    public boolean admit(String address) {
        long time = clock.getAsLong();
        Window current = windowAt(time / MINUTE);
        int now = current.now.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        // in milliseconds-weighted counts, so that the comparison is exact
        long last = current.lastCount(address);
        return last * (MINUTE - time % MINUTE) + now * MINUTE <= (long) limits.connectionsPerIpPerMinute() * MINUTE;
    }

    /**
     * Whole seconds, at least one, until {@code address} would be admitted again if it tried nothing meanwhile, for
     * {@code Retry-After}. Without new attempts the estimate only falls, also where one minute turns into the next.
     */
    public long retryAfterSeconds(String address) {
        long time = clock.getAsLong();
        Window current = windowAt(time / MINUTE);
        AtomicInteger counted = current.now.get(address);
        long now = counted == null ? 0 : counted.get();
        long last = current.lastCount(address);
        long limit = limits.connectionsPerIpPerMinute();
        long into = time % MINUTE;
        long wait;
        if (now + 1 <= limit) {
            // within this minute, once enough of the last minute's attempts have slid out of the window:
            // last * (MINUTE - t) + (now + 1) * MINUTE <= limit * MINUTE
            wait = last == 0 ? 0 : MINUTE - (limit - now - 1) * MINUTE / last - into;
        } else {
            // in the next minute, where this minute's attempts are the last minute's: now * (MINUTE - t) + MINUTE
            // <= limit * MINUTE
            wait = MINUTE - into + Math.max(0, MINUTE - (limit - 1) * MINUTE / now);
        }
        return Math.max(1, (wait + 999) / 1000);
    }

    /** The window of {@code minute}, turned over first if the clock has moved on to it. */
    private Window windowAt(long minute) {
        Window current = window;
        if (current.minute == minute) {
            return current;
        }
        synchronized (this) {
            current = window;
            if (current.minute < minute) {
                Map<String, AtomicInteger> last = current.minute == minute - 1 ? current.now : Map.of();
                current = new Window(minute, last, new ConcurrentHashMap<>());
                window = current;
            }
            // a clock turned back keeps counting in the window it has
            return current;
        }
    }
}
