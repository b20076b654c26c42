package org.ordercast.presence.control;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.ordercast.broker.control.RedisConnection;
import org.ordercast.broker.control.RedisScripts;

/**
 * Presence shared by every node, in Redis, per channel under its hash tag: connection to user, connection to
 * expiry, user to connection count. Each node re-joins its own connections before their expiry; connections of a
 * node that died expire, and whichever node sweeps first announces their users as left. The set
 * {@code oc:presence} names the channels that have presence, for the sweep.
 */
final class RedisPresence implements PresenceStore {

    private static final String CHANNELS = "oc:presence";
    private static final String JOIN = "join.lua";
    private static final String LEAVE = "leave.lua";

    private final RedisConnection connection;
    private final RedisClusterCommands<String, String> redis;
    private final RedisScripts scripts = new RedisScripts(RedisPresence.class, JOIN, LEAVE);
    private final Duration ttl;
    private final Duration timeout;

    RedisPresence(String url, boolean cluster, Duration timeout, Duration ttl) {
        this.connection = RedisConnection.open(url, cluster, timeout);
        this.redis = connection.sync();
        this.ttl = ttl;
        this.timeout = timeout;
    }

    void close() {
        connection.close();
    }

    private static String[] keys(String channel) {
        String tag = "oc:{" + channel + "}:presence";
        return new String[] {tag, tag + ":exp", tag + ":users"};
    }

    private String[] joinArgs(String connection, String user) {
        return new String[] {connection, user, String.valueOf(System.currentTimeMillis() + ttl.toMillis()),
                String.valueOf(ttl.toSeconds() * 2)};
    }

    @Override
    public boolean join(String channel, String connection, String user) {
        Long first = scripts.run(redis, JOIN, ScriptOutputType.INTEGER, keys(channel), joinArgs(connection, user));
        redis.sadd(CHANNELS, channel);
        return first != null && first == 1;
    }

    @Override
    public boolean leave(String channel, String connection, String user) {
        List<String> left = scripts.run(redis, LEAVE, ScriptOutputType.MULTI, keys(channel), connection,
                String.valueOf(System.currentTimeMillis()));
        return left.contains(user);
    }

    @Override
    public Map<String, Integer> members(String channel) {
        var members = new HashMap<String, Integer>();
        redis.hgetall(keys(channel)[2]).forEach((user, n) -> {
            int count = Integer.parseInt(n);
            if (count > 0) {
                members.put(user, count);
            }
        });
        return members;
    }

    /**
     * Joins this node's connections again, pipelined, which pushes their expiry forward and puts back what a Redis
     * that restarted empty lost; {@code joined} hears users that were not there any more.
     */
    void refresh(Map<String, Map<String, String>> usersByConnectionByChannel, BiConsumer<String, String> joined)
            throws InterruptedException {
        var async = connection.async();
        var pending = new ArrayList<Map.Entry<String[], RedisFuture<Long>>>();
        usersByConnectionByChannel.forEach((channel, users) -> users.forEach((id, user) -> pending.add(Map.entry(
                new String[] {channel, id, user},
                scripts.<Long>runAsync(async, JOIN, ScriptOutputType.INTEGER, keys(channel), joinArgs(id, user))))));
        usersByConnectionByChannel.keySet().forEach(channel -> async.sadd(CHANNELS, channel));
        for (var entry : pending) {
            String[] join = entry.getKey();
            Long first;
            try {
                first = entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RedisNoScriptException)) {
                    return;
                }
                // Redis lost its scripts (restarted empty): this one teaches it again
                first = scripts.run(redis, JOIN, ScriptOutputType.INTEGER, keys(join[0]), joinArgs(join[1], join[2]));
            } catch (TimeoutException e) {
                return;
            }
            if (first != null && first == 1) {
                joined.accept(join[0], join[2]);
            }
        }
    }

    /** Removes connections whose node stopped refreshing them; {@code left} hears each user who went. */
    void sweep(BiConsumer<String, String> left) {
        String now = String.valueOf(System.currentTimeMillis());
        for (String channel : redis.smembers(CHANNELS)) {
            List<String> gone = scripts.run(redis, LEAVE, ScriptOutputType.MULTI, keys(channel), "", now);
            gone.forEach(user -> left.accept(channel, user));
            if (redis.hlen(keys(channel)[0]) == 0) {
                redis.srem(CHANNELS, channel);
            }
        }
    }
}
