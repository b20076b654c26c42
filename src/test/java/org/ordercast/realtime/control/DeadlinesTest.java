package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(250);

    /** A connection with one deadline, every {@code every} ticks; the times it was looked at. */
    static final class Due {
        final String name;
        final long every;
        final List<Long> lookedAt = new ArrayList<>();
        long tick = Deadlines.NOWHERE;
        boolean closed;
        boolean broken;

        Due(String name, long every) {
            this.name = name;
            this.every = every;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Deadlines<Due> deadlines = new Deadlines<>(TICK, 40 * TICK, due -> due.tick, (due, t) -> due.tick = t);
    private final long start = System.nanoTime();
    private int ticked;

    /** Ticks on to tick number {@code last}. */
    private void tickUntil(int last) {
        for (int k = ticked + 1; k <= last; k++, ticked++) {
            long now = start + k * TICK;
            deadlines.tick(now, Instant.now(), (due, at, wall) -> {
                due.lookedAt.add((at - start) / TICK);
                if (due.broken) {
                    throw new IllegalStateException("broken on purpose");
                }
                return due.closed ? Deadlines.NOWHERE : at + due.every * TICK;
            });
        }
    }

    @Test
    void eachIsLookedAtWhenItsDeadlineComesAndNotOnTheTicksBetween() {
        var often = new Due("often", 2);
        var seldom = new Due("seldom", 7);
        deadlines.watch(often);
        deadlines.watch(seldom);
        tickUntil(15);
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L), often.lookedAt);
        assertEquals(List.of(1L, 8L, 15L), seldom.lookedAt);
    }

    @Test
    void aWatchedOneIsLookedAtOnTheNextTickAndOnceClosedNeverAgain() {
        var due = new Due("due", 10);
        deadlines.watch(due);
        tickUntil(3);
        due.closed = true;
        deadlines.watch(due);
        deadlines.watch(due);   // watched twice before the tick: looked at, and let go of, all the same
        tickUntil(30);
        assertEquals(List.of(1L, 4L, 4L), due.lookedAt);
        assertEquals(Deadlines.NOWHERE, due.tick);
    }

    @Test
    void oneThatFailsIsLookedAtASecondLaterAndTheOthersAsUsual() {
        var broken = new Due("broken", 2);
        broken.broken = true;
        var fine = new Due("fine", 2);
        deadlines.watch(broken);
        deadlines.watch(fine);
        tickUntil(9);
        assertEquals(List.of(1L, 5L, 9L), broken.lookedAt);
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L), fine.lookedAt);
    }
}
