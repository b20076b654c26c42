package org.ordercast.broker.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.entity.ControlMessage;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.Policies;
import org.ordercast.metrics.control.BrokerFigures;
import org.ordercast.metrics.control.Metrics;

/**
 * The single-node broker: channels live in this JVM, fan-out runs on a small pool of container threads, or on the
 * publishing request's own thread once it has answered ({@link FanOutOnCaller}). Durable namespaces keep their
 * publications in the database ({@link DurableStore}); the rest keep history in memory.
 */
@ApplicationScoped
@Typed(MemoryBroker.class)
public class MemoryBroker implements Broker {

    private static final System.Logger LOG = System.getLogger(MemoryBroker.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Policies policies;

    @Inject
    DurableStore store;

    @Inject
    Deliveries node;

    @Inject
    Metrics metrics;

    @Inject
    @ConfigProperty(name = "ordercast.broker.threads", defaultValue = "0")
    int threadCount;

    @Inject
    @ConfigProperty(name = "ordercast.broker.sweep-seconds", defaultValue = "60")
    int sweepSeconds = 60;

    @Inject
    @ConfigProperty(name = "ordercast.publish.idempotency-keys", defaultValue = "100000")
    int idempotencyCapacity = 100_000;

    /**
     * Native bytes the channels' histories may hold in all ({@link HistoryMemory}); negative: an eighth of the
     * heap's maximum.
     */
    @Inject
    @ConfigProperty(name = "ordercast.broker.history-native-bytes", defaultValue = "-1")
    long historyNativeBytes = -1;

    private final Map<String, ChannelLog> channels = new ConcurrentHashMap<>();
    private HistoryMemory histories;
    private DurableHistory durable;
    private IdempotencyKeys keys;
    private ExecutorService fanOut;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        start(threads);
    }

    void start(ThreadFactory factory) {
        int n = threadCount > 0 ? threadCount : Math.max(2, Runtime.getRuntime().availableProcessors());
        keys = new IdempotencyKeys(idempotencyCapacity);
        histories = new HistoryMemory(historyNativeBytes < 0 ? HistoryMemory.defaultLimit() : historyNativeBytes);
        if (metrics != null) {
            metrics.gauge("ordercast.broker.history.native.bytes", "Bytes of the channels' in-memory histories held "
                    + "outside the heap", null, histories, HistoryMemory::held);
        }
        fanOut = Executors.newFixedThreadPool(n, factory);
        durable = new DurableHistory(store, policies, fanOut, this::handOver,
                metrics == null ? BrokerFigures.NONE : metrics.broker());
        if (store != null) {
            store.onCommitted(durable::committed);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(factory);
        // the first sweep at once: its first database trim loads and compiles the JPQL path, which otherwise
        // lands on a core serving live traffic a minute after start
        sweeper.scheduleWithFixedDelay(this::sweep, 0, sweepSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        fanOut.shutdown();
    }

    @Override
    public Publication publish(String channel, Message message, PublishOptions options) {
        if (options.idempotency() != null) {
            return keys.once(channel, options.idempotency(), () -> append(channel, message, options));
        }
        return append(channel, message, options);
    }

    private Publication append(String channel, Message message, PublishOptions options) {
        if (durable.holds(channel)) {
            return durable.append(channel, message);
        }
        return onLog(channel, log -> log.append(message, options));
    }

    @Override
    public void subscribe(String channel) {
        if (durable.holds(channel)) {
            durable.listen(channel, true);
            return;
        }
        onLog(channel, log -> log.listen(true) ? Boolean.TRUE : null);
    }

    @Override
    public void unsubscribe(String channel) {
        if (durable.holds(channel)) {
            durable.listen(channel, false);
            return;
        }
        ChannelLog log = channels.get(channel);
        if (log != null) {
            log.listen(false);
        }
    }

    /** A channel that does not exist is read as empty, without creating it: reads must cost no memory. */
    @Override
    public Position read(String channel, Since since, int limit) {
        if (durable.holds(channel)) {
            return durable.read(channel, since, limit);
        }
        if (!channels.containsKey(channel)) {
            boolean recovered = since != null && since.offset() == 0;
            return new Position(channel, since != null ? since.epoch() : Since.NO_EPOCH, 0, recovered, List.of(), null);
        }
        return onLog(channel, log -> log.read(since, limit));
    }

    /** One node: a presence frame goes straight to this node's subscribers. */
    @Override
    public void presence(String channel, EncodedMessage frame) {
        node.presence(channel, frame);
    }

    /** One node: there is nobody else to tell. */
    @Override
    public void control(ControlMessage message) {
    }

    @Override
    public Map<String, String> share(String node, String figures, Duration fresh) {
        return Map.of(node, figures);
    }

    @Override
    public int channelCount() {
        return channels.size() + durable.size();
    }

    /** Runs an action on the channel's log, again on a fresh one if the sweeper retired it meanwhile (null). */
    private <T> T onLog(String channel, Function<ChannelLog, T> action) {
        T result;
        do {
            result = action.apply(log(channel));
        } while (result == null);
        return result;
    }

    private ChannelLog log(String channel) {
        ChannelLog log = channels.get(channel);
        if (log != null) {
            return log;
        }
        var created = new ChannelLog(channel, fanOut, this::handOver, histories);
        log = channels.putIfAbsent(channel, created);
        return log != null ? log : created;
    }

    private void handOver(Publication publication) {
        try {
            node.publication(publication);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fan-out of " + publication.channel() + "#" + publication.offset()
                    + " failed: " + e);
        }
    }

    void sweep() {
        Instant now = Instant.now();
        channels.values().removeIf(log -> log.retireIfIdle(now));
        durable.sweep(now);
    }
}
