package org.ordercast.broker.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.Since;

/**
 * One channel in memory: offset counter, epoch, bounded history and whether this node listens. Appending holds the
 * channel's lock, so a publication appended after the node started listening is handed over, and one appended
 * before is in history: a subscriber that listens first and reads second misses nothing. Fan-out drains a queue of
 * appended publications on the broker's executor, in offset order, one drain at a time.
 */
final class ChannelLog {

    private final String name;
    private final SerialQueue<Publication> pending;
    private final DurableStore store;
    private final String epoch;
    private final FrameHistory history;
    private PublishOptions options = new PublishOptions(0, Duration.ZERO, false, null);
    private long offset;
    /**
     * The latest publication, on a keep-last channel only: held whole (its parsed data, its message, its frame's
     * text), it would otherwise keep some 25 objects per channel alive that nothing reads, for as long as the
     * channel lives, and every young collection would copy them.
     */
    private Publication last;
    private boolean listened;
    private boolean retired;

    /**
     * A channel kept in memory, handing what it appends while listened to {@code node}, its history's arrays from
     * {@code memory}.
     */
    ChannelLog(String name, Executor fanOut, Consumer<Publication> node, HistoryMemory memory) {
        this(name, fanOut, node, null, memory);
    }

    /**
     * With a store, a durable channel: epoch, offsets and history come from the database, publications are
     * appended there by {@link DurableStore#append} and reach this log through {@link #catchUp} after commit.
     */
    ChannelLog(String name, Executor fanOut, Consumer<Publication> node, DurableStore store) {
        this(name, fanOut, node, store, HistoryMemory.HEAP);
    }

    private ChannelLog(String name, Executor fanOut, Consumer<Publication> node, DurableStore store,
                       HistoryMemory memory) {
        this.name = name;
        this.history = new FrameHistory(memory);
        this.pending = new SerialQueue<>(fanOut, node);
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
        boolean handOver;
        synchronized (this) {
            for (Publication publication : committed) {
                if (publication.offset() == offset + 1) {
                    offset = publication.offset();
                    last = options.keepLast() ? publication : null;
                    if (listened) {
                        pending.add(publication);
                    }
                }
            }
            handOver = listened;
        }
        if (handOver) {
            pending.drainLater();
        }
    }

    /** The numbered publication, or null if this log was retired and the broker must look the channel up again. */
    Publication append(Message message, PublishOptions with) {
        Publication publication;
        boolean handOver;
        synchronized (this) {
            if (retired) {
                return null;
            }
            options = with;
            publication = Publication.of(name, ++offset, epoch, message);
            last = with.keepLast() ? publication : null;
            if (with.historySize() > 0) {
                history.add(publication, with.historySize());
                trim(message.timestamp());
            }
            handOver = listened;
            if (handOver) {
                pending.add(publication);
            }
        }
        if (handOver) {
            pending.drainLater();
        }
        return publication;
    }

    /** Starts or stops handing publications to the node; false if this log was retired meanwhile. */
    synchronized boolean listen(boolean on) {
        if (retired) {
            return false;
        }
        listened = on;
        return true;
    }

    /** See {@link Broker#read}; null if this log was retired and the broker must look the channel up again. */
    synchronized Position read(Since since, int limit) {
        if (retired) {
            return null;
        }
        if (since == null) {
            return new Position(name, epoch, offset, false, List.of(), options.keepLast() ? last : null);
        }
        trim(Instant.now());
        List<Publication> missed = missedSince(since, limit);
        if (missed == null) {
            return new Position(name, epoch, offset, false, List.of(), null);
        }
        return new Position(name, epoch, offset, true, missed, null);
    }

    /** Up to {@code limit} of what came after {@code since}, or null when the history no longer holds all of it. */
    private List<Publication> missedSince(Since since, int limit) {
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
            return stored.size() != offset - since.offset() ? null
                    : stored.size() > limit ? stored.subList(0, limit) : stored;
        }
        if (since.offset() + 1 < history.oldestOffset(offset + 1)) {
            return null;
        }
        return history.after(since.offset(), limit);
    }

    synchronized boolean listened() {
        return listened;
    }

    /**
     * Nobody on this node listens and nothing is left worth keeping: retires this log so the channel can be
     * forgotten. Worth keeping are history within its TTL and, on a keep-last channel, a latest publication within
     * the same TTL; a durable channel keeps both in the database.
     */
    synchronized boolean retireIfIdle(Instant now) {
        trim(now);
        Instant oldest = now.minus(options.historyTtl());
        boolean latestKept = options.keepLast() && last != null && !last.message().timestamp().isBefore(oldest);
        retired = !listened && (store != null || history.isEmpty() && !latestKept);
        return retired;
    }

    private void trim(Instant now) {
        history.trim(options.historySize(), now.minus(options.historyTtl()).toEpochMilli());
    }
}
