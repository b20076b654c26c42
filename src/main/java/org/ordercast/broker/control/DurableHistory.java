package org.ordercast.broker.control;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.Policies;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.metrics.control.BrokerFigures;

/**
 * The durable channels of a broker, whichever it is: the database is their source of truth (epoch, offsets,
 * history), written in the producer's transaction; this node keeps one {@link ChannelLog} per durable channel it
 * touches, which reads what was committed (by any node sharing the database) and hands it to the node while the
 * node listens. The broker calls {@link #committed} when it learns of a commit: at once on one node, through Redis
 * on several.
 */
final class DurableHistory {

    private static final System.Logger LOG = System.getLogger(DurableHistory.class.getName());

    private final DurableStore store;
    private final Policies policies;
    private final Executor fanOut;
    private final Consumer<Publication> node;
    private final BrokerFigures figures;
    private final Map<String, ChannelLog> logs = new ConcurrentHashMap<>();

    DurableHistory(DurableStore store, Policies policies, Executor fanOut, Consumer<Publication> node,
                   BrokerFigures figures) {
        this.store = store;
        this.policies = policies;
        this.fanOut = fanOut;
        this.node = node;
        this.figures = figures;
    }

    boolean holds(String channel) {
        return store != null && policies.require(channel).durable();
    }

    /** Appends in the caller's transaction; the publication reaches listeners after the commit. Timed. */
    Publication append(String channel, Message message) {
        long start = System.nanoTime();
        try {
            return store.append(channel, message);
        } finally {
            figures.appended(System.nanoTime() - start);
        }
    }

    void listen(String channel, boolean on) {
        if (on) {
            onLog(channel, log -> {
                if (!log.listen(true)) {
                    return null;
                }
                log.catchUp();
                return Boolean.TRUE;
            });
        } else {
            ChannelLog log = logs.get(channel);
            if (log != null) {
                log.listen(false);
            }
        }
    }

    /** Reads what the database holds, after taking in what other nodes committed meanwhile. */
    Position read(String channel, Since since, int limit) {
        return onLog(channel, log -> {
            log.catchUp();
            return log.read(since, limit);
        });
    }

    /** Some node committed publications to the channel: hand them over, off the caller's thread. */
    void committed(String channel) {
        fanOut.execute(() -> {
            ChannelLog log = logs.get(channel);
            if (log != null) {
                log.catchUp();
            }
        });
    }

    int size() {
        return logs.size();
    }

    /** Forgets logs nobody listens to and trims each durable namespace to its size and age. */
    void sweep(Instant now) {
        logs.values().removeIf(log -> log.retireIfIdle(now));
        if (store != null) {
            for (NamespacePolicy policy : policies.all()) {
                if (policy.durable()) {
                    try {
                        store.trim(policy.namespace(), policy.historySize(), policy.historyTtl());
                    } catch (RuntimeException e) {
                        // the next sweep tries again; an exception must not end the schedule
                        LOG.log(System.Logger.Level.WARNING, "Trimming the history of " + policy.namespace()
                                + " failed: " + e);
                    }
                }
            }
        }
    }

    private <T> T onLog(String channel, Function<ChannelLog, T> action) {
        T result;
        do {
            ChannelLog log = logs.get(channel);
            if (log == null) {
                // reads its state from the database: outside the map's lock
                var created = new ChannelLog(channel, fanOut, node, store);
                log = logs.putIfAbsent(channel, created);
                log = log != null ? log : created;
            }
            result = action.apply(log);
        } while (result == null);
        return result;
    }
}
