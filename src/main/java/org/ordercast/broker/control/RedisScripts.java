package org.ordercast.broker.control;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
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
 * (restarted, flushed) is given it again. Every script touches the keys of one channel only, all under the
 * channel's hash tag, so it also runs on Redis Cluster.
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

    public <T> T run(RedisCommands<String, String> redis, String name, ScriptOutputType type, String[] keys,
                     String... args) {
        try {
            return redis.evalsha(digests.get(name), type, keys, args);
        } catch (RedisNoScriptException e) {
            redis.scriptLoad(bodies.get(name));
            return redis.evalsha(digests.get(name), type, keys, args);
        }
    }

    /** The same, pipelined: a script Redis lost fails with NOSCRIPT once; {@link #load} it and run again. */
    public <T> RedisFuture<T> runAsync(RedisAsyncCommands<String, String> redis, String name, ScriptOutputType type,
                                       String[] keys, String... args) {
        return redis.evalsha(digests.get(name), type, keys, args);
    }

    public void load(RedisCommands<String, String> redis) {
        bodies.values().forEach(redis::scriptLoad);
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
