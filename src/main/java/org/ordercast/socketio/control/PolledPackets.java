package org.ordercast.socketio.control;

import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * What waits for a polling client: its packets, and its poll in progress ({@code GET}), answered with every packet
 * waiting, joined by the record separator, or with a no-op. Guarded by the {@link EngineSession} that owns it.
 */
final class PolledPackets {

    private final ArrayDeque<String> packets = new ArrayDeque<>();
    private AsyncContext waiting;

    /** False when the client let {@link EngineSessions#QUEUE} packets pile up. */
    boolean add(String packet) {
        if (packets.size() >= EngineSessions.QUEUE) {
            return false;
        }
        packets.add(packet);
        answer();
        return true;
    }

    /** A poll that arrived; false if another one waits already (the client is then in error). */
    boolean hold(AsyncContext context) {
        if (waiting != null) {
            return false;
        }
        waiting = context;
        return true;
    }

    /** The poll in progress gets what waits, if anything does. */
    void answer() {
        if (waiting != null && !packets.isEmpty()) {
            answerNow();
        }
    }

    /** The poll in progress returns now: with what waits, else with a no-op. */
    void answerNow() {
        if (waiting != null) {
            respond(packets.isEmpty() ? String.valueOf(EnginePackets.NOOP)
                    : String.join(String.valueOf(EnginePackets.SEPARATOR), packets));
            packets.clear();
        }
    }

    /** The server-side timeout of a poll: a no-op, so the client polls again. */
    void timedOut(AsyncContext context) {
        if (waiting == context) {
            respond(String.valueOf(EnginePackets.NOOP));
        }
    }

    /** Everything waiting, for the WebSocket the client upgraded to; a poll in progress returns empty-handed. */
    String[] drain() {
        if (waiting != null) {
            respond(String.valueOf(EnginePackets.NOOP));
        }
        String[] all = packets.toArray(String[]::new);
        packets.clear();
        return all;
    }

    /** The session ended: a poll in progress hears the close. */
    void end() {
        if (waiting != null) {
            respond(String.valueOf(EnginePackets.CLOSE));
        }
        packets.clear();
    }

    private void respond(String body) {
        AsyncContext context = waiting;
        waiting = null;
        try {
            context.getResponse().setContentType("text/plain; charset=UTF-8");
            context.getResponse().getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | IllegalStateException e) {
            // the client went away: its next poll, or the ping timeout, settles it
        } finally {
            try {
                context.complete();
            } catch (IllegalStateException e) {
                // already completed by a timeout
            }
        }
    }
}
