package org.ordercast.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * WildFly as {@code server-config/wildfly/README.md} runs it: the WAR as {@code standalone/deployments/ROOT.war},
 * {@code standalone.sh -c standalone-microprofile.xml}, no server configuration; here on free ports.
 */
public final class WildFlyServer extends ServerProcess {

    private final String version = System.getProperty("wildfly.version", "39.0.1.Final");
    private final Path home = servers.resolve("wildfly-" + version);
    private final int management = RedisServer.freePort();

    public WildFlyServer() {
        super("wildfly");
    }

    @Override
    public String name() {
        return "WildFly " + version;
    }

    @Override
    protected void install(Path war) throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        try (var markers = Files.list(deployments)) {
            for (Path stale : markers.filter(path -> path.getFileName().toString().startsWith("ROOT.war")).toList()) {
                Files.delete(stale);
            }
        }
        Files.copy(war, deployments.resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    protected List<String> command() {
        return List.of(home.resolve("bin/standalone.sh").toString(), "-c", "standalone-microprofile.xml",
                "-Djboss.http.port=" + port,
                "-Djboss.https.port=" + RedisServer.freePort(),
                "-Djboss.management.http.port=" + management,
                "-Djboss.management.https.port=" + RedisServer.freePort());
    }

    /**
     * {@code standalone.conf}'s own JVM options, and WildFly's console without colour codes: with them, the reset
     * after each of its lines lands at the start of the next one, ordercast's JSON event lines included (the
     * README's recipe for {@code ORDERCAST_LOG_FORMAT=json}).
     */
    @Override
    protected Map<String, String> ownEnvironment() {
        return Map.of("JAVA_OPTS", "-Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true"
                + " -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true"
                + " -Dorg.jboss.logmanager.nocolor=true");
    }

    /** WildFly serves MicroProfile Health on its management interface. */
    @Override
    public URI health() {
        return URI.create("http://127.0.0.1:" + management + "/health");
    }
}
