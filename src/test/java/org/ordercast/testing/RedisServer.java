package org.ordercast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code redis-server} of the test's own, on a free loopback port, without persistence, its files under
 * {@code target/}; stopped (only this process) by {@link #close}. Needs Debian's {@code redis-server} package, which
 * {@code .ci/run} installs.
 */
public final class RedisServer implements AutoCloseable {

    /** The lowest port {@link #freePort} gives: clear of the well-known and most registered ones. */
    private static final int LOWEST_PORT = 20_000;

    private final int port;
    private final Path dir;
    private final List<String> options;
    private final String config;
    private Process process;

    private RedisServer(int port, List<String> options, String config) {
        this.port = port;
        this.dir = Path.of("target", "redis-" + port).toAbsolutePath();
        this.options = options;
        this.config = config;
    }

    public static RedisServer start() {
        return start(List.of());
    }

    /** One with more command-line options ({@code --cluster-enabled yes}, ...), in its own folder. */
    public static RedisServer start(List<String> options) {
        var server = new RedisServer(freePort(), options, null);
        server.run();
        return server;
    }

    /** A Sentinel watching {@code master} under the name {@code name}, alone (quorum 1). */
    public static RedisServer sentinel(RedisServer master, String name) {
        var sentinel = new RedisServer(freePort(), List.of("--sentinel"),
                "sentinel monitor " + name + " 127.0.0.1 " + master.port() + " 1\n");
        sentinel.run();
        return sentinel;
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, after {@link #stop}) on the same port, empty. */
    public void run() {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("nodes.conf"));
            var command = new ArrayList<>(List.of("redis-server"));
            if (config != null) {
                // Sentinel needs a configuration file it can rewrite
                Path file = dir.resolve("redis.conf");
                Files.writeString(file, config);
                command.add(file.toString());
            }
            command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()));
            command.addAll(options);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not start: install Debian's redis-server package", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if ("+PONG".equals(command("PING"))) {
                return;
            }
            sleep();
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer; see " + dir);
    }

    /** Kills this server (never another one): connected clients see the connection drop. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** One inline command, its first reply line, or null if the server does not answer. */
    public String command(String line) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            var in = socket.getInputStream();
            var reply = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                reply.append((char) c);
            }
            return reply.toString().strip();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * A port nothing listens on now, below the range the kernel takes outgoing connections' local ports from. A port
     * from that range, which binding port 0 gives, can be taken by any outgoing connection before the server it was
     * chosen for binds it: a WildFly binding its management port seconds after start-up failed so once.
     */
    public static int freePort() {
        int outgoing = outgoingPortsFrom();
        for (int attempt = 0; attempt < 200 && outgoing - LOWEST_PORT >= 1000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST_PORT, outgoing);
            try (var socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: another
            }
        }
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of the kernel's local ports for outgoing connections (Linux's default where it cannot be read). */
    private static int outgoingPortsFrom() {
        try {
            // line by line: Files.readString gave only the first byte of this file, whose size reads as 0
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0)
                    .trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
