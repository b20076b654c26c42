package org.ordercast.hub.control;

import java.util.ArrayList;
import java.util.List;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;

/**
 * One subscriber in one channel on this node. Until {@link #open()}, live publications are held, so the client
 * sees the subscribe reply (and its replay) first; each publication passes at most once, in offset order, and only
 * if it is newer than what the reply carried. After {@code open}, delivery takes no lock: {@code held} turns null
 * only once everything held is handed over, and the broker hands one channel's publications over one at a time.
 */
public final class Membership {

    private static final System.Logger LOG = System.getLogger(Membership.class.getName());

    private final Hub hub;
    private final String channel;
    private final Subscriber subscriber;
    private volatile List<Publication> held = new ArrayList<>();
    private Position position;
    private String epoch;
    private long offset = Long.MAX_VALUE;

    Membership(Hub hub, String channel, Subscriber subscriber) {
        this.hub = hub;
        this.channel = channel;
        this.subscriber = subscriber;
    }

    /** Where the subscriber joined: what to replay, and whether the missed publications were recovered. */
    public synchronized Position position() {
        return position;
    }

    synchronized void at(Position joined) {
        position = joined;
        epoch = joined.epoch();
        offset = joined.offset();
    }

    /** Hands over what was held, then lets live publications through. Call after the reply is queued. */
    public void open() {
        synchronized (this) {
            List<Publication> waiting = held;
            if (waiting == null) {
                return;
            }
            for (Publication publication : waiting) {
                if (advance(publication)) {
                    deliver(publication);
                }
            }
            held = null;
        }
    }

    public void leave() {
        hub.leave(channel, subscriber);
    }

    void offer(Publication publication) {
        if (held != null && hold(publication)) {
            return;
        }
        if (advance(publication)) {
            deliver(publication);
        }
    }

    void presence(EncodedMessage frame) {
        if (held == null) {
            try {
                subscriber.presence(frame);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, subscriber + " failed on presence of " + channel + ": " + e);
            }
        }
    }

    void resync() {
        try {
            subscriber.resync(channel);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, subscriber + " failed on resync of " + channel + ": " + e);
        }
    }

    private synchronized boolean hold(Publication publication) {
        List<Publication> waiting = held;
        if (waiting == null) {
            return false;
        }
        waiting.add(publication);
        return true;
    }

    /** True if the publication is newer than anything this subscriber got; it then counts as got. */
    private boolean advance(Publication publication) {
        if (publication.epoch().equals(epoch) && publication.offset() <= offset) {
            return false;
        }
        epoch = publication.epoch();
        offset = publication.offset();
        return true;
    }

    private void deliver(Publication publication) {
        try {
            subscriber.deliver(publication);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, subscriber + " failed on " + channel + "#" + publication.offset()
                    + ": " + e);
        }
    }
}
