package org.ordercast.broker.control;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lua scripts read from the class path beside their owner and run by their SHA-1; a Redis that no longer has one
 * (restarted, flushed, a cluster node that never saw it) gets its body instead. Every script touches the keys of one
 * channel only, all under the channel's hash tag, so it also runs on Redis Cluster.
 */
public final class RedisScripts {

    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();

    public RedisScripts(Class<?> owner, String... names) {
        for (String name : names) {
            try (InputStream in = owner.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("not found beside " + owner.getName());
                }
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                bodies.put(name, body);
                digests.put(name, sha1(body));
            } catch (IOException e) {
                throw new UncheckedIOException("the Redis script " + name + " is missing from the WAR", e);
            }
        }
    }

    /**
     * Runs a script by its digest; where Redis does not know it (restarted, flushed, or the cluster node that owns
     * the channel's slot never saw it), runs the body, which also leaves it known there.
     */
    public <T> T run(RedisClusterCommands<String, String> redis, String name, ScriptOutputType type, String[] keys,
                     String... args) {
        try {
            return redis.evalsha(digests.get(name), type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(bodies.get(name), type, keys, args);
        }
    }

    /**
     * The same, pipelined, by digest only: a future that fails with {@link RedisNoScriptException} means the node
     * did not know the script; {@link #run} it once there, which teaches it.
     */
    public <T> RedisFuture<T> runAsync(RedisClusterAsyncCommands<String, String> redis, String name,
                                       ScriptOutputType type, String[] keys, String... args) {
        return redis.evalsha(digests.get(name), type, keys, args);
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
