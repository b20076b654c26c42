package org.ordercast.broker.control;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
import jakarta.json.Json;
import java.io.StringReader;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
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
    static final String PUBLISH = "publish.lua";
    static final String POSITION = "position.lua";
    static final String READ = "read.lua";
    static final String CONTROL = "oc.control";
    static final String NODES = "oc:nodes";

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
    @ConfigProperty(name = "ordercast.redis.url", defaultValue = "redis://localhost:6379")
    String url;

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
    private final RedisScripts scripts = new RedisScripts(RedisBroker.class, PUBLISH, POSITION, READ);
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisPubSubConnection<String, String> pubsub;
    private RedisCommands<String, String> redis;
    private DurableHistory durable;
    private ExecutorService fanOut;
    private ScheduledExecutorService scheduler;
    private volatile String problem;

    @PostConstruct
    void start() {
        start(threads);
    }

    void start(ThreadFactory factory) {
        int n = threadCount > 0 ? threadCount : Math.max(2, Runtime.getRuntime().availableProcessors());
        fanOut = Executors.newFixedThreadPool(n, factory);
        scheduler = Executors.newSingleThreadScheduledExecutor(factory);
        durable = new DurableHistory(store, policies, fanOut, this::handOver);
        if (store != null) {
            store.onCommitted(this::announceCommit);
        }
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == pubsub) {
                    problem = null;
                    // pub/sub dropped what was published meanwhile: look at every channel once resubscribed
                    scheduler.schedule(() -> checkPositions(true), 200, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == pubsub || handler == connection) {
                    problem = "the connection to Redis at " + uri.getHost() + ":" + uri.getPort() + " is lost";
                }
            }
        });
        connection = client.connect();
        redis = connection.sync();
        pubsub = client.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String topic, String message) {
                if (CONTROL.equals(topic)) {
                    controlled(message);
                    return;
                }
                RedisChannel channel = listened.get(channelOf(topic));
                if (channel != null) {
                    channel.arrived(message);
                }
            }
        });
        pubsub.sync().subscribe(CONTROL);
        scheduler.scheduleWithFixedDelay(() -> checkPositions(false), checkSeconds, checkSeconds, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> durable.sweep(Instant.now()), sweepSeconds, sweepSeconds,
                TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "Redis broker on " + uri.getHost() + ":" + uri.getPort());
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
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        fanOut.shutdown();
    }

    static String meta(String channel) {
        return "oc:{" + channel + "}:meta";
    }

    static String history(String channel) {
        return "oc:{" + channel + "}:hist";
    }

    static String topic(String channel) {
        return "oc.ch.{" + channel + "}";
    }

    static String channelOf(String topic) {
        return topic.substring("oc.ch.{".length(), topic.length() - 1);
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public Publication publish(String channel, Message message, PublishOptions options) {
        if (durable.holds(channel)) {
            return durable.append(channel, message);
        }
        String[] frame = Publication.frameAround(channel, message);
        var idempotency = options.idempotency();
        String[] keys = idempotency == null ? new String[] {meta(channel), history(channel)}
                : new String[] {meta(channel), history(channel),
                        "oc:{" + channel + "}:idem:" + idempotency.publisher() + ":" + idempotency.key()};
        List<Object> answer = guarded(() -> scripts.<List<Object>>run(redis, PUBLISH, ScriptOutputType.MULTI, keys,
                frame[0], frame[1],
                String.valueOf(options.historySize()), String.valueOf(Math.max(1, options.historyTtl().toSeconds())),
                String.valueOf(metaTtl.toSeconds()), newEpoch(), topic(channel),
                idempotency == null ? "" : idempotency.request(),
                idempotency == null ? "0" : String.valueOf(Math.max(1, idempotency.ttl().toSeconds())),
                options.keepLast() ? "1" : "0"));
        if ("conflict".equals(answer.get(0))) {
            throw new IdempotencyConflictException(idempotency.key(), null);
        }
        long offset = Long.parseLong((String) answer.get(1));
        String epoch = (String) answer.get(2);
        return new Publication(channel, offset, epoch, message,
                new EncodedMessage(frame[0] + offset + ",\"epoch\":\"" + epoch + "\"" + frame[1]));
    }

    @Override
    public void subscribe(String channel) {
        var state = new RedisChannel(channel, fanOut, new RedisChannel.Node() {
            @Override
            public void publication(Publication publication) {
                handOver(publication);
            }

            @Override
            public void presence(String name, EncodedMessage frame) {
                node.presence(name, frame);
            }

            @Override
            public void resync(String name) {
                node.resync(name);
            }

            @Override
            public void committed(String name) {
                durable.committed(name);
            }

            @Override
            public Position read(String name, Since since, int limit) {
                return RedisBroker.this.read(name, since, limit);
            }
        });
        listened.put(channel, state);
        try {
            pubsub.async().subscribe(topic(channel)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listened.remove(channel, state);
            throw new BrokerUnavailableException("interrupted while subscribing to " + channel);
        } catch (ExecutionException | TimeoutException e) {
            listened.remove(channel, state);
            throw unavailable(e.getCause() != null ? e.getCause() : e);
        }
        if (durable.holds(channel)) {
            durable.listen(channel, true);
            state.start("durable", 0);
            return;
        }
        List<Object> at = guarded(() -> scripts.<List<Object>>run(redis, POSITION, ScriptOutputType.MULTI,
                new String[] {meta(channel), history(channel)}, newEpoch(), String.valueOf(metaTtl.toSeconds())));
        state.start((String) at.get(0), Long.parseLong((String) at.get(1)));
    }

    @Override
    public void unsubscribe(String channel) {
        if (listened.remove(channel) != null) {
            pubsub.async().unsubscribe(topic(channel));
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
        boolean fromStart = since != null && since.offset() == 0;
        List<Object> answer = guarded(() -> scripts.<List<Object>>run(redis, READ, ScriptOutputType.MULTI,
                new String[] {meta(channel), history(channel)},
                since == null ? "" : String.valueOf(since.offset()), String.valueOf(limit), keepLast ? "1" : "0"));
        String epoch = (String) answer.get(0);
        long offset = Long.parseLong((String) answer.get(1));
        if (epoch.isEmpty()) {
            return new Position(channel, since != null ? since.epoch() : MemoryBroker.NO_EPOCH, 0, fromStart,
                    List.of(), null);
        }
        var publications = new ArrayList<Publication>(answer.size() - 2);
        for (int i = 2; i < answer.size(); i++) {
            publications.add(Publication.fromFrame((String) answer.get(i)));
        }
        if (since == null) {
            return new Position(channel, epoch, offset, false, List.of(), publications.isEmpty() ? null : publications.get(0));
        }
        boolean sameEpoch = epoch.equals(since.epoch()) || fromStart;
        long expected = Math.min(limit, offset - since.offset());
        boolean whole = sameEpoch && since.offset() >= 0 && since.offset() <= offset
                && (expected == 0 || !publications.isEmpty() && publications.get(0).offset() == since.offset() + 1)
                && publications.size() >= expected;
        return whole ? new Position(channel, epoch, offset, true, publications.subList(0, (int) expected), null)
                : new Position(channel, epoch, offset, false, List.of(), null);
    }

    @Override
    public void presence(String channel, EncodedMessage frame) {
        guarded(() -> redis.publish(topic(channel), frame.text()));
    }

    @Override
    public void control(ControlMessage message) {
        String text = Json.createArrayBuilder().add(message.from()).add(message.action()).add(message.argument())
                .build().toString();
        guarded(() -> redis.publish(CONTROL, text));
    }

    private void controlled(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            var fields = reader.readArray();
            var message = new ControlMessage(fields.getString(0), fields.getString(1), fields.getString(2));
            fanOut.execute(() -> {
                if (controls != null) {
                    controls.fire(message);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unreadable control message " + text + ": " + e);
        }
    }

    @Override
    public Map<String, String> share(String node, String figures, Duration fresh) {
        long now = System.currentTimeMillis();
        Map<String, String> all = guarded(() -> {
            redis.hset(NODES, node, now + "|" + figures);
            return redis.hgetall(NODES);
        });
        var latest = new TreeMap<String, String>();
        all.forEach((id, value) -> {
            int bar = value.indexOf('|');
            long at = Long.parseLong(value.substring(0, bar));
            if (now - at <= fresh.toMillis()) {
                latest.put(id, value.substring(bar + 1));
            } else if (now - at > 10 * fresh.toMillis()) {
                // a node gone for long: forget it
                redis.hdel(NODES, id);
            }
        });
        return latest;
    }

    @Override
    public int channelCount() {
        return listened.size();
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
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
            connection.async().publish(topic(channel), RedisChannel.COMMITTED);
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
                List<String> state = redis.hmget(meta(channel.name()), "e", "s").stream()
                        .map(value -> value.getValueOrElse("")).toList();
                channel.arrived(new RedisChannel.Check(state.get(0),
                        state.get(1).isEmpty() ? 0 : Long.parseLong(state.get(1)), settled));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "position check of " + channel.name() + " failed: " + e);
                return;
            }
        }
    }

    private <T> T guarded(Supplier<T> command) {
        try {
            T result = command.get();
            problem = null;
            return result;
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private BrokerUnavailableException unavailable(Throwable cause) {
        problem = "Redis does not answer: " + cause.getMessage();
        return new BrokerUnavailableException(problem);
    }
}
