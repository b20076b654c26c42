package org.ordercast.broker.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.ChannelRefusedException;
import org.ordercast.channels.control.Policies;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.hub.control.Subscriber;

/**
 * The single-node broker: channels live in this JVM, fan-out runs on a small pool of container threads. Durable
 * namespaces keep their publications in the database ({@link DurableStore}); the rest keep history in memory.
 */
@ApplicationScoped
public class MemoryBroker implements Broker {

    private static final System.Logger LOG = System.getLogger(MemoryBroker.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Policies policies;

    @Inject
    DurableStore store;

    @Inject
    @ConfigProperty(name = "ordercast.broker.threads", defaultValue = "0")
    int threadCount;

    @Inject
    @ConfigProperty(name = "ordercast.broker.sweep-seconds", defaultValue = "60")
    int sweepSeconds = 60;

    /** The epoch a channel that does not exist yet is read with; a cursor at offset 0 recovers across epochs. */
    static final String NO_EPOCH = "0";

    private final Map<String, ChannelLog> channels = new ConcurrentHashMap<>();
    private ExecutorService fanOut;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        start(threads);
    }

    void start(ThreadFactory factory) {
        int n = threadCount > 0 ? threadCount : Math.max(2, Runtime.getRuntime().availableProcessors());
        fanOut = Executors.newFixedThreadPool(n, factory);
        sweeper = Executors.newSingleThreadScheduledExecutor(factory);
        sweeper.scheduleWithFixedDelay(this::sweep, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
        if (store != null) {
            store.onCommitted(channel -> fanOut.execute(() -> catchUp(channel)));
        }
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        fanOut.shutdown();
    }

    @Override
    public Publication publish(String channel, Message message) {
        NamespacePolicy policy = policy(channel);
        if (policy.durable() && store != null) {
            return store.append(channel, message);
        }
        return onLog(channel, log -> log.append(message));
    }

    @Override
    public Position subscribe(String channel, Subscriber subscriber, Since since) {
        return onLog(channel, log -> log.subscribe(subscriber, since));
    }

    /** A channel that does not exist is read as empty, without creating it: reads must cost no memory. */
    @Override
    public Position read(String channel, Since since, int limit) {
        NamespacePolicy policy = policy(channel);
        if (!channels.containsKey(channel) && !(policy.durable() && store != null)) {
            boolean recovered = since != null && since.offset() == 0;
            return new Position(channel, since != null ? since.epoch() : NO_EPOCH, 0, recovered, List.of(), null);
        }
        return onLog(channel, log -> log.read(since, limit));
    }

    @Override
    public void presence(String channel, EncodedMessage frame) {
        ChannelLog log = channels.get(channel);
        if (log != null) {
            log.presence(frame);
        }
    }

    @Override
    public int channelCount() {
        return channels.size();
    }

    /** Runs an action on the channel's log, again on a fresh one if the sweeper retired it meanwhile (null). */
    private <T> T onLog(String channel, java.util.function.Function<ChannelLog, T> action) {
        T result;
        do {
            result = action.apply(log(channel));
        } while (result == null);
        return result;
    }

    @Override
    public void unsubscribe(String channel, Subscriber subscriber) {
        ChannelLog log = channels.get(channel);
        if (log != null) {
            log.unsubscribe(subscriber);
        }
    }

    @Override
    public Map<String, Integer> subscriberCounts() {
        var counts = new TreeMap<String, Integer>();
        channels.forEach((name, log) -> {
            int n = log.subscriberCount();
            if (n > 0) {
                counts.put(name, n);
            }
        });
        return counts;
    }

    private ChannelLog log(String channel) {
        ChannelLog log = channels.get(channel);
        if (log != null) {
            return log;
        }
        NamespacePolicy policy = policy(channel);
        // a durable log reads its state from the database: do that outside the map's lock
        var created = policy.durable() && store != null
                ? new ChannelLog(channel, policy, fanOut, store) : new ChannelLog(channel, policy, fanOut);
        log = channels.putIfAbsent(channel, created);
        return log != null ? log : created;
    }

    private NamespacePolicy policy(String channel) {
        return policies.of(ChannelName.parse(channel)).orElseThrow(() -> new ChannelRefusedException(
                ChannelRefusedException.Reason.UNKNOWN_NAMESPACE, "no channel namespace for '" + channel + "'"));
    }

    private void catchUp(String channel) {
        try {
            log(channel).catchUp();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fan-out of committed publications on " + channel + " failed: " + e);
        }
    }

    void sweep() {
        Instant now = Instant.now();
        channels.values().removeIf(log -> log.retireIfIdle(now));
        if (store != null) {
            for (NamespacePolicy policy : policies.all()) {
                if (policy.durable()) {
                    store.trim(policy.namespace(), policy.historySize(), policy.historyTtl());
                }
            }
        }
    }
}
