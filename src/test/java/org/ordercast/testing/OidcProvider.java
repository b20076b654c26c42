package org.ordercast.testing;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID provider for integration tests (mock-oauth2-server), on a fixed free loopback port so that it can be
 * stopped and started again, with fresh keys, where ordercast expects it. Tokens come from its token endpoint.
 */
public final class OidcProvider implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final String issuerId;
    private final String algorithm;
    private MockOAuth2Server server;

    private OidcProvider(String issuerId, String algorithm) {
        this.port = RedisServer.freePort();
        this.issuerId = issuerId;
        this.algorithm = algorithm;
    }

    /** Signing with {@code algorithm} (RS256, ES256) under the issuer {@code http://127.0.0.1:<port>/<issuerId>}. */
    public static OidcProvider start(String issuerId, String algorithm) {
        var provider = new OidcProvider(issuerId, algorithm);
        provider.run();
        return provider;
    }

    public String issuer() {
        return "http://127.0.0.1:" + port + "/" + issuerId;
    }

    /** Starts (again): a restarted provider signs with new keys. */
    public void run() {
        server = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(), algorithm))));
        server.start(InetAddress.getLoopbackAddress(), port);
    }

    public void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /**
     * An access token from the token endpoint (client credentials) for {@code user}, audience {@code ordercast},
     * with {@code typ} and more claims.
     */
    public String token(String user, String typ, Map<String, Object> claims) {
        enqueue(user, typ, claims, 3600);
        var request = HttpRequest.newBuilder(URI.create(issuer() + "/token")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=ordercast-tests&client_secret=secret&scope=ordercast"))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": "
                        + response.body());
            }
            JsonObject body = Http.json(response.body());
            return body.getString("access_token");
        } catch (IOException e) {
            throw new IllegalStateException("token endpoint of " + issuer() + " not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the next token the provider issues (through any grant: client credentials, authorization code, refresh)
     * says: subject {@code user}, audience {@code ordercast}, {@code typ}, more claims, valid for {@code seconds}.
     */
    public void enqueue(String user, String typ, Map<String, Object> claims, long seconds) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, user, typ, List.of("ordercast"),
                Map.copyOf(claims), seconds));
    }

    @Override
    public void close() {
        stop();
    }
}
