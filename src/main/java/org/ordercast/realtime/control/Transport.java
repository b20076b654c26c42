package org.ordercast.realtime.control;

import java.util.List;
import java.util.function.Consumer;
import org.ordercast.channels.entity.EncodedMessage;

/**
 * Writes text frames to one WebSocket. {@link AsyncRemoteTransport} works on every container; {@link TyrusTransport}
 * writes pre-framed bytes where the container is Tyrus.
 */
interface Transport {

    /** Writes the frames in order and calls {@code done} exactly once: with null when written, else the failure. */
    void send(List<EncodedMessage> frames, Consumer<Throwable> done);

    /** How many queued frames one {@link #send} may carry. */
    int maxBatch();
}
