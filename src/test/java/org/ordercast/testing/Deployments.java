package org.ordercast.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR that {@code mvn package} built, as tests deploy it: the same archive, with the development key trusted
 * and short timings (heartbeat 2 s, outbound queue 64) so that liveness and overflow show quickly; the abuse
 * limits are lifted, since every test client comes from one address (the limits have a test of their own).
 */
public final class Deployments {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private Deployments() {
    }

    public static WebArchive ordercast(Class<?>... extraClasses) {
        return ordercast(Map.of(), extraClasses);
    }

    /** The same, with more configuration on top (e.g. low limits for the test that checks them). */
    public static WebArchive ordercast(Map<String, String> config, Class<?>... extraClasses) {
        File war = new File(System.getProperty("ordercast.war", "target/ordercast.war"));
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war);
        var extra = new StringBuilder();
        config.forEach((key, value) -> extra.append(key).append('=').append(value).append('\n'));
        String all = read(archive) + "\n" + overrides() + extra;
        archive.delete(CONFIG);
        archive.add(new StringAsset(all), CONFIG);
        archive.addClasses(extraClasses);
        return archive;
    }

    private static String overrides() {
        var text = new StringBuilder();
        settings().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /**
     * What every test server runs with: put into the WAR's configuration for Arquillian's deployments, passed as
     * environment variables to the servers of the portable contract suite.
     */
    public static Map<String, String> settings() {
        String dev = TestTokens.devDirectory().getAbsolutePath();
        var settings = new LinkedHashMap<String, String>();
        settings.put("mp.jwt.verify.publickey.location", "file:" + dev + "/public-key.pem");
        settings.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        settings.put("mp.jwt.verify.audiences", TestTokens.AUDIENCE);
        settings.put("ordercast.dev.tokens", "true");
        settings.put("ordercast.dev.private-key.location", dev + "/private-key.pem");
        settings.put("ordercast.ws.heartbeat", "2");
        settings.put("ordercast.ws.queue-size", "64");
        settings.put("ordercast.ws.token-grace", "2");
        settings.put("ordercast.limits.connections-per-ip-per-minute", "100000");
        settings.put("ordercast.limits.messages-per-second", "10000");
        settings.put("ordercast.limits.connections-per-user", "1000");
        settings.put("ordercast.limits.anonymous-connections-per-address", "1000");
        // the slow-consumer checks publish 200 kB to fill buffers quickly
        settings.put("ordercast.publish.max-bytes", "1048576");
        return settings;
    }

    private static String read(WebArchive archive) {
        try (InputStream in = archive.get(CONFIG).getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
