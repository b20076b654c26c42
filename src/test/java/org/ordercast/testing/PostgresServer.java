package org.ordercast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL cluster of the test's own: {@code initdb} under {@code target/postgres-<port>}, started
 * with {@code pg_ctl} on a free loopback port, stopped by {@link #close}. Needs Debian's {@code postgresql} package,
 * which {@code .ci/run} installs. Run as root, the server runs as the {@code postgres} user (PostgreSQL refuses
 * root), which may not reach into the checkout: its files then live in a directory of its own under the system's
 * temporary directory, {@code target/postgres-<port>} links to it, and {@link #close} removes it.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "ordercast";

    private final int port;
    private final Path dir;
    private final boolean temporary;

    private PostgresServer(int port, Path dir, boolean temporary) {
        this.port = port;
        this.dir = dir;
        this.temporary = temporary;
    }

    public static PostgresServer start() {
        int port = RedisServer.freePort();
        Path link = Path.of("target", "postgres-" + port).toAbsolutePath();
        try {
            Path dir = link;
            if (root()) {
                dir = Files.createTempDirectory("ordercast-postgres-" + port + "-");
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, dir);
            } else {
                Files.createDirectories(dir);
            }
            var server = new PostgresServer(port, dir, root());
            server.own(dir);
            server.run("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8");
            server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
            server.run("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "ordercast");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        if (temporary) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // left in the temporary directory
            }
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
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
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

}
