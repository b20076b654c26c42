package org.ordercast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An application server the portable contract suite starts itself: installed once with ordercast's WAR the way its
 * README in {@code server-config/} says, then started as a process of the test's own with the settings as
 * environment variables, on free ports, its output in {@code server.log} under its run directory. Stopping it stops
 * its launch script and the JVM the script started, and only those.
 */
public abstract class ServerProcess implements AutoCloseable {

    private static final Duration START = Duration.ofMinutes(3);

    protected final Path servers = Path.of(System.getProperty("ordercast.servers", "target/servers")).toAbsolutePath();
    protected final Path run;
    protected final int port = RedisServer.freePort();
    private Process process;
    /** Stops the server if the test JVM ends without closing it (a failsafe fork killed on timeout). */
    private final Thread orphanGuard = new Thread(this::stop, "stop-orphaned-server");

    protected ServerProcess(String name) {
        run = servers.resolve("runs").resolve(name);
    }

    /** A server's name and version, as reports show it. */
    public abstract String name();

    /** Puts the WAR in place; called once, before the first start. */
    protected abstract void install(Path war) throws IOException;

    /** The command that starts the server in the foreground. */
    protected abstract List<String> command();

    /** Called before every start, the first and each restart. */
    protected void beforeLaunch() throws IOException {
    }

    /** Environment variables the server itself needs (its ports, where it takes them from there). */
    protected Map<String, String> ownEnvironment() {
        return Map.of();
    }

    /** The application's root. */
    public URL base() {
        return url("http://127.0.0.1:" + port + "/");
    }

    /** Where the server's standard output and error go: {@code server.log} in its run directory. */
    public Path log() {
        return run.resolve("server.log");
    }

    /** MicroProfile Health's root ({@code /health}), wherever the server serves it. */
    public URI health() {
        return URI.create("http://127.0.0.1:" + port + "/health");
    }

    /** Installs the WAR on a fresh run directory and starts the server; returns when it is ready and serves the API. */
    public void start(Path war, Map<String, String> environment) {
        try {
            deleteRecursively(run);
            Files.createDirectories(run);
            install(war);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch(environment);
    }

    /** Stops the server normally (SIGTERM) and starts it again on the same ports, files and database. */
    public void restart(Map<String, String> environment) {
        stop();
        launch(environment);
    }

    private void launch(Map<String, String> environment) {
        try {
            beforeLaunch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var builder = new ProcessBuilder(command()).directory(run.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve("server.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        builder.environment().putAll(ownEnvironment());
        try {
            process = builder.start();
            Runtime.getRuntime().addShutdownHook(orphanGuard);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START.toNanos();
        List<URI> ready = List.of(URI.create(health() + "/ready"), URI.create(base() + "api/v1/catalog"));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited; see " + run.resolve("server.log"));
            }
            if (Http.probe(ready.get(0)) == 200 && Http.probe(ready.get(1)) == 200) {
                return;
            }
            sleep(250);
        }
        stop();
        throw new IllegalStateException(name() + " was not ready (" + ready + ") within " + START + "; see "
                + run.resolve("server.log"));
    }

    /** SIGTERM to the server's JVM and its launch script, then waits; a minute later, SIGKILL. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (Thread.currentThread() != orphanGuard) {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        }
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    protected static URL url(String text) {
        try {
            return URI.create(text).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(text, e);
        }
    }


    protected static void runToCompletion(Path directory, String... command) throws IOException {
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process step = builder.start();
        String output = new String(step.getInputStream().readAllBytes());
        try {
            if (step.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    protected static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
