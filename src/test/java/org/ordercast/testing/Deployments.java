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
 * and short timings (heartbeat 2 s, outbound queue 64) so that liveness and overflow show quickly.
 */
public final class Deployments {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private Deployments() {
    }

    public static WebArchive ordercast(Class<?>... extraClasses) {
        File war = new File(System.getProperty("ordercast.war", "target/ordercast.war"));
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war);
        String config = read(archive) + "\n" + overrides();
        archive.delete(CONFIG);
        archive.add(new StringAsset(config), CONFIG);
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
