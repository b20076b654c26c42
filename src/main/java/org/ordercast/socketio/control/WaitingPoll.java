package org.ordercast.socketio.control;

/**
 * A polling client's {@code GET} in progress, wherever its request waits: on this node, or on another node of the
 * cluster that relays it here ({@link EngineRelay}), since a load balancer without sticky sessions sends each request
 * of a session wherever it likes.
 */
@FunctionalInterface
public interface WaitingPoll {

    /** Ends the poll with {@code body}: the packets that waited, joined by the record separator, or one packet. */
    void answer(String body);
}
