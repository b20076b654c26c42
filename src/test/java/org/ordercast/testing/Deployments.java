package org.ordercast.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        return ordercast(java.util.Map.of(), extraClasses);
    }

    /** The same, with more configuration on top (e.g. low limits for the test that checks them). */
    public static WebArchive ordercast(java.util.Map<String, String> config, Class<?>... extraClasses) {
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
        String dev = TestTokens.devDirectory().getAbsolutePath();
        return String.join("\n",
                "mp.jwt.verify.publickey.location=file:" + dev + "/public-key.pem",
                "mp.jwt.verify.issuer=" + TestTokens.ISSUER,
                "mp.jwt.verify.audiences=" + TestTokens.AUDIENCE,
                "ordercast.dev.tokens=true",
                "ordercast.dev.private-key.location=" + dev + "/private-key.pem",
                "ordercast.ws.heartbeat=2",
                "ordercast.ws.queue-size=64",
                "ordercast.ws.token-grace=2",
                "ordercast.limits.connections-per-ip-per-minute=100000",
                "ordercast.limits.messages-per-second=10000",
                "ordercast.limits.connections-per-user=1000",
                // the slow-consumer checks publish 200 kB to fill buffers quickly
                "ordercast.publish.max-bytes=1048576",
                "");
    }

    private static String read(WebArchive archive) {
        try (InputStream in = archive.get(CONFIG).getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
