package org.ordercast.broker.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets the thread that publishes run the fan-out itself once it has answered, instead of handing it to the broker's
 * pool. On a server with one or two cores that hand-off was most of the time between a publish request and the
 * first subscriber's frame: the pool's thread either waited for the request thread to finish its answer, or took
 * the core from it before the answer was written, which then waited a scheduler slice.
 *
 * <p>Opened around a publication and its answer. A channel queue that would have been handed to the pool meanwhile
 * is only noted; nothing is claimed, so a request thread slow to write its answer holds up no one: another
 * publication to the channel drains the queue, this one with it, the usual way. On {@link #close}, each noted queue
 * is drained on this thread unless a drain is under way elsewhere, for at most {@link #MOST} publications; the rest
 * goes to the pool, so a channel published to without pause does not keep a request thread.
 */
public final class FanOutOnCaller implements AutoCloseable {

    /** Publications one close hands over itself, per queue, before it leaves the rest to the pool. */
    static final int MOST = 64;

    private static final ThreadLocal<FanOutOnCaller> OPEN = new ThreadLocal<>();

    private final FanOutOnCaller outer;
    private final List<SerialQueue<?>> queues = new ArrayList<>(1);

    private FanOutOnCaller(FanOutOnCaller outer) {
        this.outer = outer;
    }

    /** From here until {@link #close}, the fan-out of what this thread publishes waits for it. */
    public static FanOutOnCaller open() {
        var opened = new FanOutOnCaller(OPEN.get());
        OPEN.set(opened);
        return opened;
    }

    /** Notes a queue to drain on close; false when this thread has nothing open and the queue goes to the pool. */
    static boolean note(SerialQueue<?> queue) {
        FanOutOnCaller open = OPEN.get();
        if (open == null) {
            return false;
        }
        if (!open.queues.contains(queue)) {
            open.queues.add(queue);
        }
        return true;
    }

    /** Drains the noted queues on this thread, in the order noted. */
    @Override
    public void close() {
        if (outer == null) {
            OPEN.remove();
        } else {
            OPEN.set(outer);
        }
        for (SerialQueue<?> queue : queues) {
            queue.drainHere(MOST);
        }
    }
}
