package org.ordercast.broker.control;

import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;

/**
 * Where a broker hands what reaches this node: the publications of the channels the node subscribed to, in offset
 * order per channel, and presence frames. Called on broker threads, or on a publishing request's thread after its
 * answer: must not block.
 */
public interface Deliveries {

    void publication(Publication publication);

    void presence(String channel, EncodedMessage frame);

    /**
     * Publications of the channel were lost on their way to this node and history no longer holds them (or the
     * channel got a new epoch): its subscribers must recover from their cursors, which will tell them what to reload.
     */
    void resync(String channel);
}
