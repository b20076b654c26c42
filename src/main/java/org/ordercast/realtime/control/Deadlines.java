package org.ordercast.realtime.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;

/**
 * What a periodic tick looks at: connections waiting for their next deadline (a ping due, a pong overdue, a token
 * expired, an authentication late), each at the tick its earliest deadline falls in, so that a tick costs about what
 * comes due in it rather than a look at every connection of the node.
 *
 * <p>Worked out when a connection is last looked at, a deadline may only have moved later since (a client heard
 * from moves its ping later): the connection is looked at when its tick comes and placed again, later. What may move
 * a deadline sooner or end them all (a fresh token, a closed session) goes through {@link #watch}, which has the
 * connection looked at on the next tick. {@link #tick} runs on one task at a time, each after the previous one, as
 * a scheduled executor's fixed-delay task does; {@link #watch} from any thread.
 */
public final class Deadlines<T> {

    /** The marker a connection records while it waits at no tick. */
    public static final long NOWHERE = Wheel.NOWHERE;

    /** Looks at one connection: acts on whatever deadline of its has come. */
    @FunctionalInterface
    public interface Check<T> {
        /**
         * Answers when to look at the connection next ({@code System.nanoTime()}), or {@link #NOWHERE} once it is
         * closed or closing.
         */
        long next(T connection, long now, Instant wallClock);
    }

    private static final System.Logger LOG = System.getLogger(Deadlines.class.getName());

    private final long tickNanos;
    private final long origin = System.nanoTime();
    private final Queue<T> watched = new ConcurrentLinkedQueue<>();
    private final Wheel<T> wheel;
    private final List<T> due = new ArrayList<>();

    /**
     * Ticks of {@code tickNanos}, reaching {@code reachNanos} ahead: a connection due later than that is looked at
     * then, and placed again. {@code placedAt} and {@code recordPlacedAt} read and write the tick a connection waits
     * at, a field of its own that only the tick uses, {@link #NOWHERE} at first.
     */
    public Deadlines(long tickNanos, long reachNanos, ToLongFunction<T> placedAt, ObjLongConsumer<T> recordPlacedAt) {
        this.tickNanos = tickNanos;
        this.wheel = new Wheel<>((int) Math.min(1 << 16, reachNanos / tickNanos + 8), 0, placedAt, recordPlacedAt);
    }

    /**
     * The sooner of {@code next} and a deadline by the wall clock that is {@code left} away from {@code now}: a
     * token's expiry, which must have passed (by a nanosecond) when the connection is looked at.
     */
    public static long sooner(long next, long now, Duration left) {
        return left.compareTo(Duration.ofNanos(next - now)) < 0 ? now + left.toNanos() + 1 : next;
    }

    /** Has the connection looked at on the next tick: when it opens, closes, or its deadlines may have come sooner. */
    public void watch(T connection) {
        watched.add(connection);
    }

    /** One tick at {@code now} ({@code System.nanoTime()}), {@code wallClock} being the same moment by the clock. */
    public void tick(long now, Instant wallClock, Check<T> check) {
        try {
            lookAtDue(now, wallClock, check);
        } catch (RuntimeException e) {
            // logged rather than thrown: a scheduled task that throws is never run again, and the next tick must come
            LOG.log(System.Logger.Level.ERROR, "a tick failed", e);
        }
    }

    private void lookAtDue(long now, Instant wallClock, Check<T> check) {
        long tick = Math.floorDiv(now - origin, tickNanos);
        for (T connection; (connection = watched.poll()) != null; ) {
            wheel.remove(connection);
            due.add(connection);
        }
        wheel.takeDue(tick, due);
        try {
            for (T connection : due) {
                long next;
                try {
                    next = check.next(connection, now, wallClock);
                } catch (RuntimeException e) {
                    // looked at again a second later rather than forgotten, and the others still are
                    LOG.log(System.Logger.Level.WARNING, "looking at " + connection + " failed", e);
                    next = now + TimeUnit.SECONDS.toNanos(1);
                }
                if (next != NOWHERE) {
                    // at the tick its deadline falls in: the first tick at or after the deadline finds it due, as
                    // when every connection was looked at on every tick
                    wheel.place(connection, Math.max(tick + 1, Math.floorDiv(next - origin, tickNanos)));
                }
            }
        } finally {
            due.clear();
        }
    }
}
