package org.ordercast.hub.control;

import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;

/**
 * Anything that receives a channel's publications: a WebSocket connection, an SSE sink, a waiting long-poll.
 * {@link #deliver} is called on a broker thread and must not block: queue and return.
 */
public interface Subscriber {

    void deliver(Publication publication);

    /**
     * A change in the channel's presence, as a ready {@code presence} frame: not a publication, so it has no offset,
     * takes no history and is never replayed. Subscribers that cannot show it ignore it.
     */
    default void presence(EncodedMessage frame) {
    }
}
