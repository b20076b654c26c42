package org.ordercast.presence.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.control.Broker;
import org.ordercast.broker.entity.EncodedMessage;

/**
 * Who is in each presence-enabled channel, counted per user (a user with three tabs is one member), on this node or,
 * with {@code ordercast.broker=redis}, across every node ({@link RedisPresence}: each connection's entry expires
 * unless its node keeps refreshing it, so a killed node's users leave within {@code ordercast.presence.ttl}). Joins
 * and leaves are coalesced: every {@code ordercast.presence.flush-ms} one {@code presence} frame per channel names
 * all users that came ({@code joined}) or went ({@code left}), and a user who left and came back within the window
 * is not announced at all. A mass reconnect therefore costs one frame per channel, not N². Presence frames are not
 * publications: they take no offset and no history slot, so join and leave churn never evicts what a client needs
 * to recover, and recovery replays publications only.
 */
@ApplicationScoped
public class Presence {

    private static final System.Logger LOG = System.getLogger(Presence.class.getName());

    @Inject
    Broker broker;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.presence.flush-ms", defaultValue = "500")
    long flushMillis;

    @Inject
    @ConfigProperty(name = "ordercast.presence.ttl", defaultValue = "PT30S")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "ordercast.broker", defaultValue = "memory")
    String brokerKind;

    @Inject
    @ConfigProperty(name = "ordercast.redis.url", defaultValue = "redis://localhost:6379")
    String redisUrl;

    @Inject
    @ConfigProperty(name = "ordercast.redis.cluster", defaultValue = "false")
    boolean redisCluster;

    @Inject
    @ConfigProperty(name = "ordercast.redis.timeout", defaultValue = "PT2S")
    Duration redisTimeout;

    /** This node's connections in each channel, and their users: what it keeps refreshing in a shared store. */
    private final Map<String, Map<String, String>> local = new ConcurrentHashMap<>();
    private final Map<String, Changes> pending = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private PresenceStore store;

    /** Users who arrived and left since the last flush; arrival and departure of one user cancel out. */
    private static final class Changes {
        final Set<String> joined = new LinkedHashSet<>();
        final Set<String> left = new LinkedHashSet<>();
        boolean flushed;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        timers.add(scheduler.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS));
        if ("redis".equalsIgnoreCase(brokerKind.strip())) {
            var shared = new RedisPresence(redisUrl, redisCluster, redisTimeout, ttl);
            store = shared;
            long every = Math.max(1000, ttl.toMillis() / 3);
            timers.add(scheduler.scheduleWithFixedDelay(() -> refresh(shared), every, every, TimeUnit.MILLISECONDS));
            timers.add(scheduler.scheduleWithFixedDelay(() -> sweep(shared), every, every, TimeUnit.MILLISECONDS));
        } else {
            store = new MemoryPresence();
        }
    }

    @PreDestroy
    void stop() {
        timers.forEach(timer -> timer.cancel(false));
        if (store instanceof RedisPresence shared) {
            shared.close();
        }
    }

    public void joined(String channel, String connection, String user) {
        local.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(connection, user);
        try {
            if (store().join(channel, connection, user)) {
                change(channel, user, true);
            }
        } catch (RuntimeException e) {
            // the refresh joins it once the store answers again
            LOG.log(System.Logger.Level.WARNING, "presence join in " + channel + " failed: " + e);
        }
    }

    public void left(String channel, String connection, String user) {
        var connections = local.get(channel);
        if (connections != null) {
            connections.remove(connection);
        }
        try {
            if (store().leave(channel, connection, user)) {
                change(channel, user, false);
            }
        } catch (RuntimeException e) {
            // its entry expires
            LOG.log(System.Logger.Level.WARNING, "presence leave in " + channel + " failed: " + e);
        }
    }

    /** The users in a channel and how many connections they hold there, on every node. */
    public Map<String, Integer> of(String channel) {
        return store().members(channel);
    }

    /** {@code {channel, users, clients}}: the users in a channel, sorted, and the connections they hold there. */
    public jakarta.json.JsonObject describe(String channel) {
        Map<String, Integer> in = of(channel);
        return Json.createObjectBuilder()
                .add("channel", channel)
                .add("users", Json.createArrayBuilder(new TreeSet<>(in.keySet())))
                .add("clients", in.values().stream().mapToInt(Integer::intValue).sum())
                .build();
    }

    private PresenceStore store() {
        if (store == null) {
            throw new IllegalStateException("presence is not started yet");
        }
        return store;
    }

    private void refresh(RedisPresence shared) {
        try {
            local.values().removeIf(Map::isEmpty);
            shared.refresh(local, (channel, user) -> change(channel, user, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "presence refresh failed: " + e);
        }
    }

    private void sweep(RedisPresence shared) {
        try {
            shared.sweep((channel, user) -> change(channel, user, false));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "presence sweep failed: " + e);
        }
    }

    private void change(String channel, String user, boolean joined) {
        while (true) {
            Changes changes = pending.computeIfAbsent(channel, c -> new Changes());
            synchronized (changes) {
                if (changes.flushed) {
                    continue;
                }
                if (joined) {
                    if (!changes.left.remove(user)) {
                        changes.joined.add(user);
                    }
                } else if (!changes.joined.remove(user)) {
                    changes.left.add(user);
                }
                return;
            }
        }
    }

    void flush() {
        for (String channel : pending.keySet()) {
            Changes changes = pending.remove(channel);
            Set<String> joined;
            Set<String> left;
            synchronized (changes) {
                changes.flushed = true;
                joined = new TreeSet<>(changes.joined);
                left = new TreeSet<>(changes.left);
            }
            if (!joined.isEmpty() || !left.isEmpty()) {
                broker.presence(channel, new EncodedMessage(Json.createObjectBuilder()
                        .add("type", "presence")
                        .add("channel", channel)
                        .add("joined", Json.createArrayBuilder(joined))
                        .add("left", Json.createArrayBuilder(left))
                        .build().toString()));
            }
        }
    }
}
