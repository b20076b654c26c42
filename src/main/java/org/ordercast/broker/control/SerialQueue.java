package org.ordercast.broker.control;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Items handed to one consumer in the order they were added, on an executor's threads, one drain at a time: what
 * keeps a channel's publications in offset order without a thread of its own per channel.
 */
final class SerialQueue<T> {

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Executor executor;
    private final Consumer<T> consumer;

    SerialQueue(Executor executor, Consumer<T> consumer) {
        this.executor = executor;
        this.consumer = consumer;
    }

    /** Queues an item; it is handed over at the next {@link #drainLater}. */
    void add(T item) {
        items.add(item);
    }

    void clear() {
        items.clear();
    }

    /**
     * Has the queue drained on the executor, unless a drain is under way (which then takes the new items too), or
     * on this thread later if it has a {@link FanOutOnCaller} open.
     */
    void drainLater() {
        if (!FanOutOnCaller.note(this) && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /**
     * Hands over up to {@code most} items on this thread, unless a drain is under way elsewhere (which then takes
     * them); what is left goes to the executor.
     */
    void drainHere(int most) {
        if (draining.compareAndSet(false, true) && handOver(most)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (handOver(Integer.MAX_VALUE)) {
            // claimed again: items came after the last poll
        }
    }

    /** Hands over up to {@code most} items, lets the drain go, and is true if items remain and it took it back. */
    private boolean handOver(int most) {
        T item;
        for (int n = 0; n < most && (item = items.poll()) != null; n++) {
            consumer.accept(item);
        }
        draining.set(false);
        return !items.isEmpty() && draining.compareAndSet(false, true);
    }
}
