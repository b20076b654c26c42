package org.ordercast.hub.control;

import java.util.List;
import java.util.function.Consumer;

/**
 * Writes queued items to one client: WebSocket frames (the portable async remote, or Tyrus's pre-framed path) or
 * SSE events.
 */
public interface Transport<T> {

    /** Writes the items in order and calls {@code done} exactly once: with null when written, else the failure. */
    void send(List<T> items, Consumer<Throwable> done);

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
