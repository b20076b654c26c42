package org.ordercast.hub.control;

import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;

/**
 * Anything on this node that receives a channel's publications: a WebSocket subscription, an SSE stream, a waiting
 * long-poll. Called on a broker thread, or on the request thread that published once it has answered, after the hub
 * dropped duplicates and held what came before the subscribe reply: must not block, queue and return.
 */
public interface Subscriber {

    void deliver(Publication publication);

    /**
     * A change in the channel's presence, as a ready {@code presence} frame: not a publication, so it has no offset,
     * takes no history and is never replayed. Subscribers that cannot show it ignore it.
     */
    default void presence(EncodedMessage frame) {
    }

    /**
     * Publications of the channel were lost before reaching this node, beyond what history holds: the client must
     * come back with its cursor (a reconnect, a new poll), which tells it what to reload. Never a silent hole.
     */
    void resync(String channel);
}
