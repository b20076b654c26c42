package org.ordercast.socketio.control;

import java.util.ArrayDeque;
import java.util.List;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.metrics.control.Traffic;

/**
 * What waits for a polling client: its packets, and its poll in progress ({@code GET}), answered with every packet
 * waiting, joined by the record separator, or with a no-op. Guarded by the {@link EngineSession} that owns it.
 */
final class PolledPackets {

    private final ArrayDeque<EncodedMessage> packets = new ArrayDeque<>();
    private final Traffic traffic;
    private WaitingPoll waiting;

    PolledPackets(Traffic traffic) {
        this.traffic = traffic;
    }

    /** False when the client let {@link EngineSessions#QUEUE} packets pile up. */
    boolean add(EncodedMessage packet) {
        if (packets.size() >= EngineSessions.QUEUE) {
            return false;
        }
        packets.add(packet);
        answer();
        return true;
    }

    /** A poll that arrived; false if another one waits already (the client is then in error). */
    boolean hold(WaitingPoll poll) {
        if (waiting != null) {
            return false;
        }
        waiting = poll;
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
            if (packets.isEmpty()) {
                respond(String.valueOf(EnginePackets.NOOP));
            } else {
                var body = new StringBuilder();
                for (EncodedMessage packet : packets) {
                    if (!body.isEmpty()) {
                        body.append(EnginePackets.SEPARATOR);
                    }
                    body.append(packet.text());
                }
                handingOver(body);
                respond(body.toString());
            }
            packets.clear();
        }
    }

    /** The server-side timeout of a poll: a no-op, so the client polls again. */
    void timedOut(WaitingPoll poll) {
        if (waiting == poll) {
            respond(String.valueOf(EnginePackets.NOOP));
        }
    }

    /** Everything waiting, for the WebSocket the client upgraded to; a poll in progress returns empty-handed. */
    List<EncodedMessage> drain() {
        if (waiting != null) {
            respond(String.valueOf(EnginePackets.NOOP));
        }
        var all = List.copyOf(packets);
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

    /** Counts the packets about to go out as one poll's response, and their publications' delivery latency. */
    private void handingOver(CharSequence body) {
        if (!traffic.counting()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (EncodedMessage packet : packets) {
            if (packet.acceptedAt() > 0) {
                traffic.delivered(packet.acceptedAt(), now);
            }
        }
        traffic.sent(packets.size(), EncodedMessage.utf8Length(body));
    }

    private void respond(String body) {
        WaitingPoll poll = waiting;
        waiting = null;
        poll.answer(body);
    }
}
