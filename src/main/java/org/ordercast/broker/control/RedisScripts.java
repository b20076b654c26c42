package org.ordercast.broker.control;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's Lua scripts, read from the class path and run by their SHA-1; a Redis that no longer has one
 * (restarted, flushed) gets it again. Every script touches the keys of one channel only, all under the channel's
 * hash tag, so it also runs on Redis Cluster.
 */
final class RedisScripts {

    static final String PUBLISH = "publish.lua";
    static final String POSITION = "position.lua";
    static final String READ = "read.lua";

    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();

    RedisScripts() {
        for (String name : List.of(PUBLISH, POSITION, READ)) {
            try (InputStream in = RedisScripts.class.getResourceAsStream(name)) {
                bodies.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("the broker script " + name + " is missing from the WAR", e);
            }
        }
    }

    /** Runs a script; its answer is a flat list of strings. */
    List<Object> run(RedisCommands<String, String> redis, String name, String[] keys, String... args) {
        String digest = digests.get(name);
        if (digest != null) {
            try {
                return redis.evalsha(digest, ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                digests.remove(name);
            }
        }
        digests.put(name, redis.scriptLoad(bodies.get(name)));
        return redis.evalsha(digests.get(name), ScriptOutputType.MULTI, keys, args);
    }
}
