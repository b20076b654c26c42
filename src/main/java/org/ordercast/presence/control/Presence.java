package org.ordercast.presence.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.LinkedHashSet;
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
 * Who is in each presence-enabled channel, counted per user (a user with three tabs is one member). Joins and
 * leaves are coalesced: every {@code ordercast.presence.flush-ms} one {@code presence} frame per channel names all
 * users that came ({@code joined}) or went ({@code left}), and a user who left and came back within the window is
 * not announced at all. A mass reconnect therefore costs one frame per channel, not N². Presence frames are not
 * publications: they take no offset and no history slot, so join and leave churn never evicts what a client needs
 * to recover, and recovery replays publications only.
 */
@ApplicationScoped
public class Presence {

    @Inject
    Broker broker;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.presence.flush-ms", defaultValue = "500")
    long flushMillis;

    private final Map<String, Map<String, Integer>> members = new ConcurrentHashMap<>();
    private final Map<String, Changes> pending = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flusher;

    /** Users who arrived and left since the last flush; arrival and departure of one user cancel out. */
    private static final class Changes {
        final Set<String> joined = new LinkedHashSet<>();
        final Set<String> left = new LinkedHashSet<>();
        boolean flushed;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        flusher = scheduler.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (flusher != null) {
            flusher.cancel(false);
        }
    }

    public void joined(String channel, String user) {
        boolean first;
        var channelMembers = members.computeIfAbsent(channel, c -> new ConcurrentHashMap<>());
        synchronized (channelMembers) {
            first = channelMembers.merge(user, 1, Integer::sum) == 1;
        }
        if (first) {
            change(channel, user, true);
        }
    }

    public void left(String channel, String user) {
        var channelMembers = members.get(channel);
        if (channelMembers == null) {
            return;
        }
        boolean last;
        synchronized (channelMembers) {
            Integer remaining = channelMembers.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
            last = remaining == null;
        }
        if (last) {
            change(channel, user, false);
        }
    }

    /** The users in a channel and how many sessions they hold there. */
    public Map<String, Integer> of(String channel) {
        var channelMembers = members.getOrDefault(channel, Map.of());
        synchronized (channelMembers) {
            return Map.copyOf(channelMembers);
        }
    }

    /** {@code {channel, users, clients}}: the users in a channel, sorted, and the sessions they hold there. */
    public jakarta.json.JsonObject describe(String channel) {
        Map<String, Integer> in = of(channel);
        return Json.createObjectBuilder()
                .add("channel", channel)
                .add("users", Json.createArrayBuilder(new TreeSet<>(in.keySet())))
                .add("clients", in.values().stream().mapToInt(Integer::intValue).sum())
                .build();
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
