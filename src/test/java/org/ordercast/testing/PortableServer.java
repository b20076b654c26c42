package org.ordercast.testing;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ordercast.orders.control.TransactionProbeResource;

/**
 * The one deployment a server's portable contract suite shares: the WAR {@code mvn package} built (plus the test
 * probe that commits or rolls back a transaction), on Payara Micro, WildFly or Open Liberty, configured only through
 * environment variables as the READMEs in {@code server-config/} say, trusting the development key and four OpenID
 * providers started here (an RS256 one shaped like Keycloak, an ES256 one, one the tests take down, and the one the
 * dashboard signs in with).
 */
public final class PortableServer implements ExtensionContext.Store.CloseableResource {

    /** Low, so that a test reaches it quickly. */
    public static final String SUBSCRIPTIONS_PER_CONNECTION = "20";
    public static final String MESSAGES_PER_SECOND = "200";
    /** Above the messages', so that a publisher's flood within it would outrun theirs. */
    public static final String PUBLICATIONS_PER_SECOND = "300";
    /** Above what any one user of the other tests holds at once, counting connections closed a moment ago. */
    public static final String CONNECTIONS_PER_USER = "30";
    /** Above what the other tests hold at once from 127.0.0.1; AnonymousConnectionsContract speaks from others. */
    public static final String ANONYMOUS_CONNECTIONS_PER_ADDRESS = "40";

    public final OidcProvider shop = OidcProvider.start("shop", "RS256");
    public final OidcProvider partner = OidcProvider.start("partner", "ES256");
    public final OidcProvider unreachable = OidcProvider.start("unreachable", "RS256");
    public final OidcProvider browserSignIn = OidcProvider.start("dashboard", "RS256");
    private final ServerProcess server;
    private final Map<String, String> environment;

    private PortableServer(ServerProcess server) {
        this.server = server;
        var settings = new LinkedHashMap<>(Deployments.settings());
        settings.put("ordercast.auth.issuers", String.join(",", shop.issuer(), partner.issuer(),
                unreachable.issuer(), browserSignIn.issuer()));
        settings.put("ordercast.auth.browser.issuer", browserSignIn.issuer());
        settings.put("ordercast.auth.browser.client-id", "ordercast-dashboard");
        settings.put("ordercast.auth.roles-claims", "groups,realm_access.roles");
        settings.put("ordercast.auth.jwks-cache", "PT2S");
        settings.put("ordercast.kitchen.step-ms", "300");
        settings.put("ordercast.jobs.step-ms", "50");
        settings.put("ordercast.socketio.ping-interval", "2000");
        settings.put("ordercast.socketio.ping-timeout", "3000");
        settings.put("ordercast.limits.subscriptions-per-connection", SUBSCRIPTIONS_PER_CONNECTION);
        // low enough that a flood outruns it (a server handles a few thousand frames a second per connection)
        settings.put("ordercast.limits.messages-per-second", MESSAGES_PER_SECOND);
        settings.put("ordercast.limits.publications-per-second", PUBLICATIONS_PER_SECOND);
        settings.put("ordercast.limits.connections-per-user", CONNECTIONS_PER_USER);
        settings.put("ordercast.limits.anonymous-connections-per-address", ANONYMOUS_CONNECTIONS_PER_ADDRESS);
        settings.put("ordercast.log.format", "json");
        settings.put("ordercast.metrics.queue-sample-seconds", "1");
        environment = new LinkedHashMap<>();
        settings.forEach((key, value) -> environment.put(environmentName(key), value));
    }

    /** Starts the named server ({@code payara}, {@code wildfly} or {@code liberty}) with the WAR deployed. */
    public static PortableServer start(String kind) {
        var portable = new PortableServer(switch (kind) {
            case "payara" -> new PayaraMicroServer();
            case "wildfly" -> new WildFlyServer();
            case "liberty" -> new OpenLibertyServer();
            default -> throw new IllegalArgumentException("no such server: " + kind);
        });
        try {
            portable.server.start(war(), portable.environment);
        } catch (RuntimeException e) {
            portable.close();
            throw e;
        }
        return portable;
    }

    /**
     * MicroProfile Config's name for a property in the environment: {@code ordercast.ws.queue-size} is
     * {@code ORDERCAST_WS_QUEUE_SIZE}.
     */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Path war() {
        Path built = Path.of(System.getProperty("ordercast.war", "target/ordercast.war"));
        Path war = Path.of(System.getProperty("ordercast.servers", "target/servers"), "ordercast.war").toAbsolutePath();
        ShrinkWrap.createFromZipFile(WebArchive.class, built.toFile()).addClass(TransactionProbeResource.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }

    public String name() {
        return server.name();
    }

    public URL base() {
        return server.base();
    }

    public URI health() {
        return server.health();
    }

    /** The server's standard output and error, where {@code ordercast.log.format=json} writes its event lines. */
    public Path log() {
        return server.log();
    }

    /** A normal stop and a start on the same database. */
    public void restart() {
        server.restart(environment);
    }

    @Override
    public void close() {
        server.close();
        shop.close();
        partner.close();
        unreachable.close();
        browserSignIn.close();
    }
}
