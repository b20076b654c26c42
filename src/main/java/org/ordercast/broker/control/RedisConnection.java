package org.ordercast.broker.control;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One component's connection to Redis: a single server ({@code redis://}, {@code rediss://}), a master found through
 * Sentinel ({@code redis-sentinel://host:26379,host2:26379#master}), or a Redis Cluster
 * ({@code ordercast.redis.cluster=true}, the URL naming one or more seed nodes separated by commas). Commands are the
 * ones all three answer; every key a script touches sits under its channel's hash tag, so a cluster routes the
 * script to one slot. While Redis is away commands fail (on a cluster, after the command timeout) rather than pile
 * up, and the client reconnects.
 */
public final class RedisConnection {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> stateful;
    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;
    private final boolean cluster;
    private final String where;

    private RedisConnection(String url, boolean cluster, Duration timeout) {
        this.cluster = cluster;
        var timeouts = TimeoutOptions.enabled(timeout);
        if (cluster) {
            List<RedisURI> seeds = Arrays.stream(url.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(seed -> uri(seed, timeout)).toList();
            var clusterClient = RedisClusterClient.create(seeds);
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    // a cluster connects to each master at its first command: rejecting commands while
                    // disconnected would refuse those; they wait instead, bounded by the command timeout
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .timeoutOptions(timeouts)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .build());
            StatefulRedisClusterConnection<String, String> connection = clusterClient.connect();
            this.client = clusterClient;
            this.stateful = connection;
            this.sync = connection.sync();
            this.async = connection.async();
            this.where = "the Redis Cluster at " + seeds.stream().map(RedisConnection::hostAndPort)
                    .collect(Collectors.joining(", "));
        } else {
            RedisURI uri = uri(url, timeout);
            var single = RedisClient.create(uri);
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(timeouts)
                    .build());
            StatefulRedisConnection<String, String> connection = single.connect();
            this.client = single;
            this.stateful = connection;
            this.sync = connection.sync();
            this.async = connection.async();
            this.where = uri.getSentinelMasterId() != null
                    ? "the Redis master " + uri.getSentinelMasterId() + " through Sentinel at "
                            + uri.getSentinels().stream().map(RedisConnection::hostAndPort)
                                    .collect(Collectors.joining(", "))
                    : "Redis at " + hostAndPort(uri);
        }
    }

    /** Connects, or throws Lettuce's exception when Redis does not answer. */
    public static RedisConnection open(String url, boolean cluster, Duration timeout) {
        return new RedisConnection(url, cluster, timeout);
    }

    private static RedisURI uri(String url, Duration timeout) {
        RedisURI uri = RedisURI.create(url.strip());
        uri.setTimeout(timeout);
        return uri;
    }

    private static String hostAndPort(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /**
     * A connection for pub/sub. On a cluster it subscribes at one node, which hears every {@code PUBLISH} of the
     * whole cluster, and moves to another node when that one fails.
     */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return client instanceof RedisClusterClient clustered ? clustered.connectPubSub()
                : ((RedisClient) client).connectPubSub();
    }

    /**
     * Hears connects and disconnects. On a cluster the handler is one node's connection, not the one returned
     * here, so {@link #concerns} answers true for every handler.
     */
    public void addListener(RedisConnectionStateListener listener) {
        client.addListener(listener);
    }

    /** Whether a connection event of {@code handler} is about this connection or {@code pubSub}. */
    public boolean concerns(RedisChannelHandler<?, ?> handler, Object pubSub) {
        return cluster || handler == stateful || handler == pubSub;
    }

    /** Where Redis is, for messages: never the password. */
    public String where() {
        return where;
    }

    public void close() {
        stateful.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
