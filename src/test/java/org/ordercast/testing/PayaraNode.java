package org.ordercast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * One more ordercast node: a Payara Micro process of the test's own, on a free port, deploying a WAR the test
 * built, with its files (database, log) under {@code target/nodes/<port>}. {@link #kill} is a {@code kill -9} of
 * this process only; {@link #close} stops it if it still runs.
 */
public final class PayaraNode implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Process process;

    private PayaraNode(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Writes the archive where nodes can deploy it; its context root is {@code /ordercast}. */
    public static Path export(WebArchive archive, String name) {
        Path war = Path.of("target", "nodes", name, "ordercast.war").toAbsolutePath();
        try {
            Files.createDirectories(war.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }

    /** Starts a node without waiting for it: see {@link #awaitReady}. */
    public static PayaraNode start(Path war, Map<String, String> environment) {
        int port = RedisServer.freePort();
        Path dir = Path.of("target", "nodes", String.valueOf(port)).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            var command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m",
                    "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
                    "-jar", Path.of("target", "payara-micro.jar").toAbsolutePath().toString(),
                    "--deploy", war.toString(), "--port", String.valueOf(port), "--nocluster",
                    "--prebootcommandfile", PayaraMicroServer.PRE_BOOT_COMMANDS,
                    "--rootdir", dir.resolve("payara").toString()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile());
            builder.environment().put("ORDERCAST_DB_URL", "jdbc:h2:file:" + dir.resolve("db/ordercast"));
            builder.environment().putAll(environment);
            return new PayaraNode(port, dir, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the node serves its API; fails with the place of its log if it does not within four minutes. */
    public PayaraNode awaitReady() {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node on port " + port + " exited; see " + dir.resolve("server.log"));
            }
            if (Http.probe(URI.create(base() + "api/v1/catalog")) == 200) {
                return this;
            }
            sleep(250);
        }
        throw new IllegalStateException("node on port " + port + " did not start; see " + dir.resolve("server.log"));
    }

    public URL base() {
        try {
            return URI.create("http://127.0.0.1:" + port + "/ordercast/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code kill -9}: no shutdown, no close frames; its clients see their connections drop. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** A normal shutdown (SIGTERM), as an orchestrator stops a node. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
