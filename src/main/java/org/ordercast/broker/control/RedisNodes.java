package org.ordercast.broker.control;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.enterprise.event.Event;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.ordercast.broker.entity.ControlMessage;

/**
 * What the nodes of a Redis cluster say to each other: instructions on pub/sub {@code oc.control} (fired as CDI
 * events on each receiving node, on the broker's threads), and each node's latest figures in the hash
 * {@code oc:nodes} (node id to the time and the figures), read whole when statistics are asked for.
 */
final class RedisNodes {

    private static final System.Logger LOG = System.getLogger(RedisNodes.class.getName());
    static final String CONTROL = "oc.control";
    private static final String NODES = "oc:nodes";

    private final RedisClusterCommands<String, String> redis;
    private final Executor fanOut;
    private final Event<ControlMessage> controls;

    RedisNodes(RedisClusterCommands<String, String> redis, Executor fanOut, Event<ControlMessage> controls) {
        this.redis = redis;
        this.fanOut = fanOut;
        this.controls = controls;
    }

    void send(ControlMessage message) {
        redis.publish(CONTROL, Json.createArrayBuilder().add(message.from()).add(message.action())
                .add(message.argument()).build().toString());
    }

    /** A pub/sub message on {@code oc.control}; called on a Redis thread, so the event fires on the broker's. */
    void received(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            var fields = reader.readArray();
            var message = new ControlMessage(fields.getString(0), fields.getString(1), fields.getString(2));
            if (controls != null) {
                fanOut.execute(() -> controls.fire(message));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unreadable control message " + text + ": " + e);
        }
    }

    /** See {@link Broker#share}; a node not heard from for ten times {@code fresh} is forgotten. */
    Map<String, String> share(String node, String figures, Duration fresh) {
        long now = System.currentTimeMillis();
        redis.hset(NODES, node, now + "|" + figures);
        var latest = new TreeMap<String, String>();
        redis.hgetall(NODES).forEach((id, value) -> {
            int bar = value.indexOf('|');
            long at = Long.parseLong(value.substring(0, bar));
            if (now - at <= fresh.toMillis()) {
                latest.put(id, value.substring(bar + 1));
            } else if (now - at > 10 * fresh.toMillis()) {
                redis.hdel(NODES, id);
            }
        });
        return latest;
    }
}
