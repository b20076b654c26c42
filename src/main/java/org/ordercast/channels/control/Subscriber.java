package org.ordercast.channels.control;

import org.ordercast.channels.entity.Publication;

/**
 * Anything that receives a channel's publications: a WebSocket connection, an SSE sink, a waiting long-poll.
 * {@link #deliver} is called on a broker thread and must not block: queue and return.
 */
public interface Subscriber {

    void deliver(Publication publication);
}
