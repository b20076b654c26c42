package org.ordercast.hub.control;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes queued items to one client: WebSocket frames (the portable async remote, or Tyrus's pre-framed path) or
 * SSE events.
 */
public interface Transport<T> {

    /** What {@link #sendNow} did with an item. */
    enum Sent {
        /** All of it is with the socket. */
        WRITTEN,
        /** Part of it, or none, is; the rest is written later, then the callback {@code rest} gave is called. */
        PENDING,
        /** Nothing was written: the caller sends it with {@link #send}. */
        NOT_SENT
    }

    /** Writes the items in order and calls {@code done} exactly once: with null when written, else the failure. */
    void send(List<T> items, Consumer<Throwable> done);

    /**
     * Writes one item at once, if this transport can while nothing of the connection waits before it, without
     * allocating anything: the common case of a fan-out, once per subscriber. Only for what it must write later
     * does it take a callback from {@code rest}, once, and answer {@link Sent#PENDING}; it calls that callback
     * exactly once, with null or the failure, possibly before this returns. A transport that cannot answers
     * {@link Sent#NOT_SENT}, and every item goes through {@link #send}.
     */
    default Sent sendNow(T item, Supplier<Consumer<Throwable>> rest) {
        return Sent.NOT_SENT;
    }

    /** How many queued items one {@link #send} may carry. */
    int maxBatch();

    /** The size of an item, to keep a batch near 64 KiB. */
    default int weight(T item) {
        return 1;
    }

    /** When the publication an item carries was accepted (epoch milliseconds), or 0 for any other item. */
    default long acceptedAt(T item) {
        return 0;
    }
}
