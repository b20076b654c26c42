package org.ordercast.broker.control;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.metrics.control.BrokerFigures;

/**
 * One channel this node listens to through Redis: what pub/sub brought, handed to the node in offset order on the
 * broker's threads, one drain at a time. A publication whose offset skips ahead is preceded by the missing ones,
 * read from the history stream; when the stream no longer holds them, or the channel got a new epoch, the node's
 * subscribers are told to resync. Never a silent hole. Position checks (periodic, and after a reconnect) catch what
 * pub/sub dropped without a later publication to show the gap.
 */
final class RedisChannel {

    private static final System.Logger LOG = System.getLogger(RedisChannel.class.getName());
    static final String PRESENCE = "{\"type\":\"presence\"";
    static final String COMMITTED = "{\"type\":\"committed\"}";

    /** Where Redis says the channel stands; {@code settled}: act on a lag at once rather than at the next check. */
    record Check(String epoch, long offset, boolean settled) {
    }

    /** What the node needs from its broker to hand over and fill gaps. */
    interface Node {
        void publication(Publication publication);

        void presence(String channel, EncodedMessage frame);

        void resync(String channel);

        void committed(String channel);

        Position read(String channel, Since since, int limit);
    }

    private final String name;
    /** Whether the position keeps the latest publication it handed over: only a keep-last channel reads it. */
    private final boolean keepLast;
    private final Node node;
    private final BrokerFigures figures;
    private final SerialQueue<Object> inbox;
    private volatile boolean started;
    private volatile Position handedOver;
    private String epoch;
    private long offset;
    private long lagging = -1;

    RedisChannel(String name, boolean keepLast, Executor fanOut, Node node, BrokerFigures figures) {
        this.name = name;
        this.keepLast = keepLast;
        this.node = node;
        this.figures = figures;
        this.inbox = new SerialQueue<>(fanOut, this::handle);
    }

    String name() {
        return name;
    }

    /** Where the channel stood right after the node subscribed: later messages count from here. */
    void start(String startEpoch, long startOffset) {
        // before any message that arrived meanwhile is handled: those up to here are dropped as seen
        epoch = startEpoch;
        offset = startOffset;
        handedOver = new Position(name, epoch, offset, false, List.of(), null);
        started = true;
        inbox.drainLater();
    }

    /** A pub/sub message, or a {@link Check}; called on a Redis thread, so only queued here. */
    void arrived(Object item) {
        inbox.add(item);
        if (started) {
            inbox.drainLater();
        }
    }

    private void handle(Object item) {
        try {
            handleItem(item);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "channel " + name + ": " + e);
        }
    }

    private void handleItem(Object item) {
        if (item instanceof Check check) {
            checked(check);
        } else if (item instanceof String frame) {
            if (frame.startsWith(PRESENCE)) {
                node.presence(name, new EncodedMessage(frame));
            } else if (frame.equals(COMMITTED)) {
                node.committed(name);
            } else {
                Publication publication = Publication.fromFrame(frame);
                Instant accepted = publication.message().timestamp();
                figures.arrived(accepted == null ? 0 : accepted.toEpochMilli());
                published(publication);
            }
        }
    }

    private void checked(Check check) {
        if (check.epoch().isEmpty()) {
            // the channel is gone from Redis (emptied, or expired while idle): nothing was missed until a
            // publication comes with a new epoch, which resyncs then
            return;
        }
        if (!epoch.equals(check.epoch())) {
            lostEpoch(check.epoch(), check.offset());
        } else if (check.offset() > offset) {
            if (check.settled() || lagging == check.offset()) {
                fill(check.offset());
            } else {
                // maybe still on its way through pub/sub: look again at the next check
                lagging = check.offset();
            }
        }
    }

    private void published(Publication publication) {
        if (!publication.epoch().equals(epoch)) {
            lostEpoch(publication.epoch(), publication.offset());
            return;
        }
        if (publication.offset() <= offset) {
            return;
        }
        if (publication.offset() > offset + 1 && !fill(publication.offset() - 1)) {
            // the subscribers resync from history, which holds this publication too
            offset = Math.max(offset, publication.offset());
            handedOver = new Position(name, epoch, offset, false, List.of(), null);
            return;
        }
        handOver(publication);
    }

    private void handOver(Publication publication) {
        offset = publication.offset();
        handedOver = new Position(name, epoch, offset, false, List.of(), keepLast ? publication : null);
        node.publication(publication);
    }

    /**
     * Where this node stands in the channel: the last publication it handed over, with that one as the latest
     * (null until one came). Live delivery to a subscriber that joins now starts right after it, so a join without
     * a cursor needs no round trip to Redis.
     */
    Position handedOver() {
        return started ? handedOver : null;
    }

    /**
     * Hands over what history holds up to {@code upTo}; false, and the subscribers resync, if it does not hold all
     * of it.
     */
    private boolean fill(long upTo) {
        Position missed = node.read(name, new Since(offset, epoch), (int) Math.min(Integer.MAX_VALUE, upTo - offset));
        List<Publication> publications = missed.publications();
        boolean whole = missed.recovered() && missed.epoch().equals(epoch) && publications.size() == upTo - offset;
        if (!whole) {
            LOG.log(System.Logger.Level.WARNING, "channel " + name + ": offsets " + (offset + 1) + "-" + upTo
                    + " of epoch " + epoch + " are no longer in history; its subscribers resync");
            if (!missed.epoch().equals(epoch)) {
                lostEpoch(missed.epoch(), missed.offset());
                return false;
            }
            offset = upTo;
            handedOver = new Position(name, epoch, offset, false, List.of(), null);
            node.resync(name);
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "channel " + name + ": filled offsets " + (offset + 1) + "-" + upTo
                + " from history");
        figures.filled(name);
        publications.forEach(this::handOver);
        return true;
    }

    private void lostEpoch(String now, long at) {
        LOG.log(System.Logger.Level.WARNING, "channel " + name + ": epoch " + epoch + " gave way to " + now
                + "; its subscribers resync");
        epoch = now;
        offset = at;
        handedOver = new Position(name, epoch, offset, false, List.of(), null);
        lagging = -1;
        node.resync(name);
    }
}
