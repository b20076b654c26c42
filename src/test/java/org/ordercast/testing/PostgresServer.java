package org.ordercast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL cluster of the test's own: {@code initdb} under {@code target/}, started with
 * {@code pg_ctl} on a free loopback port, stopped and left behind for inspection by {@link #close}. Needs Debian's
 * {@code postgresql} package, which {@code .ci/run} installs; run as root, the server runs as the {@code postgres}
 * user (PostgreSQL refuses root).
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "ordercast";

    private final int port;
    private final Path dir;

    private PostgresServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static PostgresServer start() {
        int port = freePort();
        Path dir = Path.of("target", "postgres-" + port).toAbsolutePath();
        var server = new PostgresServer(port, dir);
        try {
            Files.createDirectories(dir);
            server.own(dir);
            server.run("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8");
            server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
            server.run("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "ordercast");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    /** The environment a node needs to use this database. */
    public Map<String, String> environment() {
        return Map.of("ORDERCAST_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/ordercast",
                "ORDERCAST_DB_USER", USER, "ORDERCAST_DB_PASSWORD", "");
    }

    @Override
    public void close() {
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void own(Path path) throws IOException {
        if (root()) {
            exec(List.of("chown", "-R", "postgres:postgres", path.toString()));
        }
    }

    private void run(String tool, String... args) throws IOException {
        var command = new ArrayList<String>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binary(tool));
        command.addAll(List.of(args));
        exec(command);
    }

    private void exec(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tools.log").toFile())).start();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + dir.resolve("tools.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Debian keeps the server tools under /usr/lib/postgresql/<version>/bin, off the PATH. */
    private static String binary(String tool) throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (var listed = Files.list(versions)) {
                var found = listed.map(v -> v.resolve("bin").resolve(tool)).filter(Files::isExecutable)
                        .sorted().reduce((first, second) -> second);
                if (found.isPresent()) {
                    return found.get().toString();
                }
            }
        }
        return tool;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
