package org.ordercast.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Open Liberty as {@code server-config/liberty/README.md} sets it up: {@code server create ordercast}, the folder's
 * {@code server.xml}, the WAR in {@code apps/}, ordercast's data source class and the H2 driver in {@code lib/},
 * {@code server run ordercast}; the HTTP ports from the {@code HTTP_PORT} and {@code HTTPS_PORT} variables.
 */
public final class OpenLibertyServer extends ServerProcess {

    private final String version = System.getProperty("liberty.version", "26.0.0.3");
    private final Path home = servers.resolve("wlp");
    private final Path server = home.resolve("usr/servers/ordercast");

    public OpenLibertyServer() {
        super("liberty");
    }

    @Override
    public String name() {
        return "Open Liberty " + version;
    }

    @Override
    protected void install(Path war) throws IOException {
        deleteRecursively(server);
        runToCompletion(home, home.resolve("bin/server").toString(), "create", "ordercast");
        Files.copy(Path.of("server-config/liberty/server.xml"), server.resolve("server.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(war, server.resolve("apps/ordercast.war"));
        Files.createDirectories(server.resolve("lib"));
        runToCompletion(Path.of("").toAbsolutePath(), Path.of(System.getProperty("java.home"), "bin", "jar").toString(),
                "cf", server.resolve("lib/ordercast-datasource.jar").toString(),
                "-C", "target/classes", "org/ordercast/database");
        Files.copy(servers.resolve("h2.jar"), server.resolve("lib/h2.jar"));
    }

    @Override
    protected List<String> command() {
        return List.of(home.resolve("bin/server").toString(), "run", "ordercast");
    }

    @Override
    protected Map<String, String> ownEnvironment() {
        return Map.of("HTTP_PORT", String.valueOf(port), "HTTPS_PORT", String.valueOf(RedisServer.freePort()));
    }
}
