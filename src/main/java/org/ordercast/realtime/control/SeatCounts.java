package org.ordercast.realtime.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seats held on this node, by holder (a user, or a client's address): taken within a bound in one step, so that a
 * burst of connections cannot all pass the count before any takes its seat, and given back.
 */
public final class SeatCounts {

    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    /** Takes one of the holder's seats if it holds fewer than {@code max} here and {@code elsewhere} together. */
    public boolean claim(String holder, int max, int elsewhere) {
        boolean[] admitted = {false};
        held.compute(holder, (h, n) -> {
            int here = n == null ? 0 : n;
            admitted[0] = here + elsewhere < max;
            return admitted[0] ? Integer.valueOf(here + 1) : n;
        });
        return admitted[0];
    }

    /** Takes a seat whatever the holder holds. */
    public void take(String holder) {
        held.merge(holder, 1, Integer::sum);
    }

    /** Gives back a seat {@link #claim} or {@link #take} took. */
    public void release(String holder) {
        held.computeIfPresent(holder, (h, n) -> n > 1 ? n - 1 : null);
    }

    /** How many seats the holder holds here. */
    public int of(String holder) {
        return held.getOrDefault(holder, 0);
    }

    /** The seats held here, by holder. */
    public Map<String, Integer> byHolder() {
        return new TreeMap<>(held);
    }
}
