package org.ordercast.fallback.control;

import org.ordercast.auth.entity.Identity;

/** A client held open over HTTP (an SSE stream, a waiting long-poll), so that an administrator can end it. */
public interface FallbackConnection {

    Identity identity();

    /**
     * The client's address, which holds the seat of an anonymous connection (a stream, a waiting long-poll);
     * null for one that holds none.
     */
    default String address() {
        return null;
    }

    /** {@code sse} or {@code polling}. */
    String transport();

    /** Ends it the way an administrator's disconnect ends a WebSocket (4000: reconnect and recover). */
    void disconnect();

    /** Ends it because this node is shutting down (1001: reconnect, to another node). */
    void goingAway();

    /**
     * Writes to the client now if it can (an SSE comment), to find out whether it is still there: over HTTP/1.1
     * nothing but a failed write says that a client has left, and the first writes after it left still succeed.
     */
    default void probe() {
    }
}
