package org.ordercast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of the test's own: three {@code redis-server} masters on free loopback ports (cluster bus ports
 * free too), joined with {@code redis-cli --cluster create}, slots spread over all three; {@link #close} stops only
 * these.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> masters = new ArrayList<>();

    private RedisCluster() {
    }

    public static RedisCluster start(int size) {
        var cluster = new RedisCluster();
        try {
            for (int i = 0; i < size; i++) {
                cluster.masters.add(RedisServer.start(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-port", String.valueOf(RedisServer.freePort()),
                        "--cluster-node-timeout", "2000")));
            }
            var create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
            }
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Seed URLs of every master, separated by commas, as {@code ordercast.redis.url} takes them. */
    public String seeds() {
        return masters.stream().map(RedisServer::url).collect(Collectors.joining(","));
    }

    public List<RedisServer> masters() {
        return masters;
    }

    /** How many keys each master holds. */
    public List<Long> keyCounts() {
        return masters.stream().map(m -> Long.parseLong(m.command("DBSIZE").replace(":", ""))).toList();
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = masters.stream().allMatch(m -> run(List.of("redis-cli", "-p", String.valueOf(m.port()),
                    "cluster", "info")).contains("cluster_state:ok"));
            if (ok) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok");
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        masters.forEach(RedisServer::close);
    }
}
