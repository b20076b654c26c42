package org.ordercast.broker.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.hub.control.Subscriber;

/**
 * One channel in memory: offset counter, epoch, bounded history and subscribers. Appending and subscribing hold
 * the channel's lock, so a subscriber either finds a publication in history or receives it live, never both and
 * never neither. Fan-out drains a queue of appended publications on the broker's executor, in offset order.
 */
final class ChannelLog {

    private static final System.Logger LOG = System.getLogger(ChannelLog.class.getName());

    private final String name;
    private final NamespacePolicy policy;
    private final Executor fanOut;
    private final DurableStore store;
    private final String epoch;
    private final ArrayDeque<Publication> history = new ArrayDeque<>();
    private final Map<Subscriber, Long> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Publication> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private long offset;
    private Publication last;
    private boolean retired;

    /** A channel kept in memory. */
    ChannelLog(String name, NamespacePolicy policy, Executor fanOut) {
        this(name, policy, fanOut, null);
    }

    /**
     * With a store, a durable channel: epoch, offsets and history come from the database, publications are
     * appended there by {@link DurableStore#append} and reach this log through {@link #catchUp} after commit.
     */
    ChannelLog(String name, NamespacePolicy policy, Executor fanOut, DurableStore store) {
        this.name = name;
        this.policy = policy;
        this.fanOut = fanOut;
        this.store = store;
        if (store == null) {
            this.epoch = UUID.randomUUID().toString().substring(0, 8);
        } else {
            var state = store.state(name);
            this.epoch = state.epoch();
            this.offset = state.lastOffset();
        }
    }

    /** Takes in what was committed to the database since this log last looked, in offset order. */
    void catchUp() {
        long seen;
        synchronized (this) {
            seen = offset;
        }
        List<Publication> committed = store.between(name, seen, Long.MAX_VALUE);
        boolean listened;
        synchronized (this) {
            for (Publication publication : committed) {
                if (publication.offset() == offset + 1) {
                    offset = publication.offset();
                    last = publication;
                    pending.add(publication);
                }
            }
            listened = !subscribers.isEmpty();
            if (!listened) {
                pending.clear();
            }
        }
        if (listened) {
            scheduleFanOut();
        }
    }

    /** The numbered publication, or null if this log was retired and the broker must look the channel up again. */
    Publication append(Message message) {
        Publication publication;
        boolean listened;
        synchronized (this) {
            if (retired) {
                return null;
            }
            publication = Publication.of(name, ++offset, epoch, message);
            last = publication;
            if (policy.historySize() > 0) {
                history.addLast(publication);
                trim(message.timestamp());
            }
            listened = !subscribers.isEmpty();
            if (listened) {
                pending.add(publication);
            }
        }
        if (listened) {
            scheduleFanOut();
        }
        return publication;
    }

    /** Where the subscriber joined, or null if this log was retired and the broker must look the channel up again. */
    synchronized Position subscribe(Subscriber subscriber, Since since) {
        if (retired) {
            return null;
        }
        subscribers.put(subscriber, offset);
        Publication latest = policy.keepLast() && since == null ? last : null;
        if (since == null) {
            return new Position(name, epoch, offset, false, List.of(), latest);
        }
        trim(Instant.now());
        List<Publication> missed = missedSince(since);
        return missed == null
                ? new Position(name, epoch, offset, false, List.of(), null)
                : new Position(name, epoch, offset, true, missed, null);
    }

    /** See {@link Broker#read}; null if this log was retired and the broker must look the channel up again. */
    synchronized Position read(Since since, int limit) {
        if (retired) {
            return null;
        }
        if (since == null) {
            return new Position(name, epoch, offset, false, List.of(), policy.keepLast() ? last : null);
        }
        trim(Instant.now());
        List<Publication> missed = missedSince(since);
        if (missed == null) {
            return new Position(name, epoch, offset, false, List.of(), null);
        }
        return new Position(name, epoch, offset, true, missed.size() > limit ? missed.subList(0, limit) : missed, null);
    }

    /** Everything after {@code since}, or null when the history no longer holds all of it. */
    private List<Publication> missedSince(Since since) {
        if (since.offset() == 0) {
            // a cursor at 0 has seen nothing of any epoch (a channel polled before it existed, or retired since):
            // everything from offset 1 is what it missed, if the history still holds it
            since = new Since(0, epoch);
        }
        if (!epoch.equals(since.epoch()) || since.offset() > offset || since.offset() < 0) {
            return null;
        }
        if (since.offset() == offset) {
            return List.of();
        }
        if (store != null) {
            List<Publication> stored = store.between(name, since.offset(), offset);
            return stored.size() == offset - since.offset() ? stored : null;
        }
        long oldest = history.isEmpty() ? offset + 1 : history.peekFirst().offset();
        if (since.offset() + 1 < oldest) {
            return null;
        }
        var missed = new ArrayList<Publication>((int) (offset - since.offset()));
        for (Publication p : history) {
            if (p.offset() > since.offset()) {
                missed.add(p);
            }
        }
        return missed;
    }

    boolean unsubscribe(Subscriber subscriber) {
        return subscribers.remove(subscriber) != null;
    }

    /** Hands a presence frame to every subscriber; it takes no offset and no history. */
    void presence(EncodedMessage frame) {
        for (Subscriber subscriber : subscribers.keySet()) {
            try {
                subscriber.presence(frame);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscriber " + subscriber + " failed on presence of " + name
                        + ": " + e);
            }
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Nobody listens and nothing is left worth keeping: retires this log so the channel can be forgotten. Worth
     * keeping are history within its TTL and, on a keep-last channel, a latest publication within the same TTL; a
     * durable channel keeps both in the database.
     */
    synchronized boolean retireIfIdle(Instant now) {
        trim(now);
        Instant oldest = now.minus(policy.historyTtl());
        boolean latestKept = policy.keepLast() && last != null && !last.message().timestamp().isBefore(oldest);
        retired = subscribers.isEmpty() && (store != null || history.isEmpty() && !latestKept);
        return retired;
    }

    private void trim(Instant now) {
        Instant oldest = now.minus(policy.historyTtl());
        while (!history.isEmpty()
                && (history.size() > policy.historySize() || history.peekFirst().message().timestamp().isBefore(oldest))) {
            history.removeFirst();
        }
    }

    private static void deliver(Subscriber subscriber, Publication publication) {
        try {
            subscriber.deliver(publication);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscriber " + subscriber + " failed on " + publication.channel()
                    + "#" + publication.offset() + ": " + e);
        }
    }

    private void scheduleFanOut() {
        if (draining.compareAndSet(false, true)) {
            fanOut.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Publication publication;
            while ((publication = pending.poll()) != null) {
                for (var entry : subscribers.entrySet()) {
                    if (publication.offset() > entry.getValue()) {
                        deliver(entry.getKey(), publication);
                    }
                }
            }
            draining.set(false);
        } while (!pending.isEmpty() && draining.compareAndSet(false, true));
    }
}
