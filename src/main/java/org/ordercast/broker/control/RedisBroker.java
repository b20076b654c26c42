package org.ordercast.broker.control;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
 * The broker of several nodes, on Redis ({@code ordercast.broker=redis}). Per channel, under one hash tag: a hash
 * {@code oc:{c}:meta} (epoch, last offset), a stream {@code oc:{c}:hist} (entry id = offset), idempotency keys
 * {@code oc:{c}:idem:<publisher>:<key>}; pub/sub {@code oc.ch.{c}} carries each complete frame. Publishing is one Lua
 * script. The node holds one pub/sub connection and subscribes it to a channel while it has local subscribers; a
 * subscriber joins at the hub before history is read, so subscribe, read and merge lose nothing. Lettuce's threads
 * only queue: everything else runs on the broker's own container threads. Durable channels keep the database as
 * their source of truth; a node announces its commits through pub/sub.
 */
@ApplicationScoped
@Typed(RedisBroker.class)
public class RedisBroker implements Broker {

    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Policies policies;

    @Inject
    DurableStore store;

    @Inject
    Deliveries node;

    @Inject
    Event<ControlMessage> controls;

    @Inject
    Metrics metrics;

    @Inject
    @ConfigProperty(name = "ordercast.redis.url", defaultValue = "redis://localhost:6379")
    String url;

    @Inject
    @ConfigProperty(name = "ordercast.redis.cluster", defaultValue = "false")
    boolean cluster;

    @Inject
    @ConfigProperty(name = "ordercast.redis.timeout", defaultValue = "PT2S")
    Duration timeout = Duration.ofSeconds(2);

    @Inject
    @ConfigProperty(name = "ordercast.redis.meta-ttl", defaultValue = "P30D")
    Duration metaTtl = Duration.ofDays(30);

    @Inject
    @ConfigProperty(name = "ordercast.redis.check-seconds", defaultValue = "5")
    int checkSeconds = 5;

    @Inject
    @ConfigProperty(name = "ordercast.broker.threads", defaultValue = "0")
    int threadCount;

    @Inject
    @ConfigProperty(name = "ordercast.broker.sweep-seconds", defaultValue = "60")
    int sweepSeconds = 60;

    private final Map<String, RedisChannel> listened = new ConcurrentHashMap<>();
    private final RedisChannel.Node nodeSide = new NodeSide();
    private RedisNodes nodes;
    private RedisHistory history;
    private RedisConnection connection;
    private StatefulRedisPubSubConnection<String, String> pubsub;
    private RedisClusterCommands<String, String> redis;
    private DurableHistory durable;
    private ExecutorService fanOut;
    private ScheduledExecutorService scheduler;
    private volatile String problem;
    BrokerFigures brokerFigures = BrokerFigures.NONE;

    @PostConstruct
    void start() {
        brokerFigures = metrics.broker();
        start(threads);
    }

    void start(ThreadFactory factory) {
        int n = threadCount > 0 ? threadCount : Math.max(2, Runtime.getRuntime().availableProcessors());
        fanOut = Executors.newFixedThreadPool(n, factory);
        scheduler = Executors.newSingleThreadScheduledExecutor(factory);
        durable = new DurableHistory(store, policies, fanOut, this::handOver, brokerFigures);
        if (store != null) {
            store.onCommitted(this::announceCommit);
        }
        connection = RedisConnection.open(url, cluster, timeout);
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == pubsub || cluster) {
                    problem = null;
                    // pub/sub dropped what was published meanwhile: look at every channel once resubscribed. On a
                    // cluster the event may be any master's connection while pub/sub is busy: a lag there is
                    // probably still in flight, so it is filled only if the next check finds it again
                    boolean settled = handler == pubsub;
                    scheduler.schedule(() -> checkPositions(settled), 200, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (connection.concerns(handler, pubsub)) {
                    problem = "the connection to " + connection.where() + " is lost";
                }
            }
        });
        redis = connection.sync();
        pubsub = connection.pubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String topic, String message) {
                if (RedisNodes.CONTROL.equals(topic)) {
                    nodes.received(message);
                    return;
                }
                RedisChannel channel = listened.get(RedisHistory.channelOf(topic));
                if (channel != null) {
                    channel.arrived(message);
                }
            }
        });
        history = new RedisHistory(redis, metaTtl);
        nodes = new RedisNodes(redis, fanOut, controls);
        pubsub.sync().subscribe(RedisNodes.CONTROL);
        scheduler.scheduleWithFixedDelay(() -> checkPositions(false), checkSeconds, checkSeconds, TimeUnit.SECONDS);
        // the first sweep at once, as in the memory broker
        scheduler.scheduleWithFixedDelay(() -> durable.sweep(Instant.now()), 0, sweepSeconds, TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "Redis broker on " + connection.where());
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        if (pubsub != null) {
            pubsub.close();
        }
        if (connection != null) {
            connection.close();
        }
        fanOut.shutdown();
    }

    @Override
    public Publication publish(String channel, Message message, PublishOptions options) {
        if (durable.holds(channel)) {
            return durable.append(channel, message);
        }
        return guarded("publish", () -> history.publish(channel, message, options));
    }

    @Override
    public void subscribe(String channel) {
        var state = new RedisChannel(channel, policies.require(channel).keepLast(), fanOut, nodeSide, brokerFigures);
        listened.put(channel, state);
        long start = System.nanoTime();
        try {
            pubsub.async().subscribe(RedisHistory.topic(channel)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            brokerFigures.command("subscribe", System.nanoTime() - start, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listened.remove(channel, state);
            throw new BrokerUnavailableException("interrupted while subscribing to " + channel);
        } catch (ExecutionException | TimeoutException e) {
            brokerFigures.command("subscribe", System.nanoTime() - start, true);
            listened.remove(channel, state);
            throw unavailable(e.getCause() != null ? e.getCause() : e);
        }
        if (durable.holds(channel)) {
            durable.listen(channel, true);
            state.start("durable", 0);
            return;
        }
        List<Object> at = guarded("position", () -> history.position(channel));
        state.start((String) at.get(0), Long.parseLong((String) at.get(1)));
    }

    @Override
    public void unsubscribe(String channel) {
        if (listened.remove(channel) != null) {
            pubsub.async().unsubscribe(RedisHistory.topic(channel));
        }
        if (durable.holds(channel)) {
            durable.listen(channel, false);
        }
    }

    @Override
    public Position read(String channel, Since since, int limit) {
        if (durable.holds(channel)) {
            return durable.read(channel, since, limit);
        }
        boolean keepLast = policies.require(channel).keepLast();
        RedisChannel here = since == null ? listened.get(channel) : null;
        Position known = here == null ? null : here.handedOver();
        if (known != null && (!keepLast || known.latest() != null)) {
            // this node listens: where it stands is where a subscriber without a cursor starts
            return keepLast ? known : new Position(channel, known.epoch(), known.offset(), false, List.of(), null);
        }
        return guarded("read", () -> history.read(channel, since, limit, keepLast));
    }

    @Override
    public void presence(String channel, EncodedMessage frame) {
        guarded("presence", () -> redis.publish(RedisHistory.topic(channel), frame.text()));
    }

    @Override
    public void control(ControlMessage message) {
        guarded("control", () -> {
            nodes.send(message);
            return null;
        });
    }

    @Override
    public Map<String, String> share(String node, String figures, Duration fresh) {
        return guarded("share", () -> nodes.share(node, figures, fresh));
    }

    @Override
    public int channelCount() {
        return listened.size();
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** What a listened channel needs from this broker: hand-over, presence, resync, durable commits, reads. */
    private final class NodeSide implements RedisChannel.Node {

        @Override
        public void publication(Publication publication) {
            handOver(publication);
        }

        @Override
        public void presence(String channel, EncodedMessage frame) {
            node.presence(channel, frame);
        }

        @Override
        public void resync(String channel) {
            node.resync(channel);
        }

        @Override
        public void committed(String channel) {
            durable.committed(channel);
        }

        @Override
        public Position read(String channel, Since since, int limit) {
            return RedisBroker.this.read(channel, since, limit);
        }
    }

    private void handOver(Publication publication) {
        try {
            node.publication(publication);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fan-out of " + publication.channel() + "#" + publication.offset()
                    + " failed: " + e);
        }
    }

    /** After a commit to a durable channel: every node listening reads it from the database. */
    private void announceCommit(String channel) {
        try {
            connection.async().publish(RedisHistory.topic(channel), RedisChannel.COMMITTED);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not announce a commit on " + channel + " (the other nodes "
                    + "read it at their next position check): " + e);
        }
    }

    /** Asks Redis where each listened channel stands; the channel compares that with what it handed over. */
    private void checkPositions(boolean settled) {
        for (RedisChannel channel : listened.values()) {
            try {
                if (durable.holds(channel.name())) {
                    durable.committed(channel.name());
                    continue;
                }
                List<String> state = timed("check", () -> redis.hmget(RedisHistory.meta(channel.name()), "e", "s"))
                        .stream().map(value -> value.getValueOrElse("")).toList();
                channel.arrived(new RedisChannel.Check(state.get(0),
                        state.get(1).isEmpty() ? 0 : Long.parseLong(state.get(1)), settled));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "position check of " + channel.name() + " failed: " + e);
                return;
            }
        }
    }

    /** Runs a command, timed under {@code name}; a Redis failure becomes {@link BrokerUnavailableException}. */
    private <T> T guarded(String name, Supplier<T> command) {
        try {
            T result = timed(name, command);
            problem = null;
            return result;
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private <T> T timed(String name, Supplier<T> command) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = command.get();
            failed = false;
            return result;
        } finally {
            brokerFigures.command(name, System.nanoTime() - start, failed);
        }
    }

    private BrokerUnavailableException unavailable(Throwable cause) {
        problem = "Redis does not answer: " + cause.getMessage();
        return new BrokerUnavailableException(problem);
    }
}
