package org.ordercast.auth.control;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;

/**
 * An issuer's keys fetched over HTTP: from a JWKS URL, or from the {@code jwks_uri} its OpenID discovery document
 * names ({@code <issuer>/.well-known/openid-configuration}, looked up at the first fetch and again after a failed
 * one, so an identity provider that is down when ordercast starts is found later). Fetched keys are kept for
 * {@code cacheTime}; a token naming a key id the cache lacks fetches again, at most once per {@code refetchInterval};
 * while the provider cannot be reached, or answers anything but a key set, the last keys fetched keep verifying for
 * {@code outageTolerance}.
 */
final class RemoteKeys implements JWKSetSource<SecurityContext> {

    private static final int MAX_BYTES = 1 << 20;

    /** How fetched keys are kept; the same for every issuer. */
    record Settings(Duration cacheTime, Duration refetchInterval, Duration outageTolerance, Duration timeout) {
        static final Settings DEFAULT = new Settings(Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofHours(12), Duration.ofSeconds(5));
    }

    private final HttpClient http;
    private final String issuer;
    private final Duration timeout;
    private volatile URI jwks;

    private RemoteKeys(String issuer, URI jwks, Duration timeout) {
        this.issuer = issuer;
        this.jwks = jwks;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The keys at a JWKS URL. */
    static JWKSource<SecurityContext> at(URI jwks, Settings settings) {
        return cached(new RemoteKeys(null, jwks, settings.timeout()), settings);
    }

    /** The keys of an issuer found through OpenID discovery. */
    static JWKSource<SecurityContext> discovered(String issuer, Settings settings) {
        return cached(new RemoteKeys(issuer, null, settings.timeout()), settings);
    }

    private static JWKSource<SecurityContext> cached(RemoteKeys source, Settings settings) {
        return JWKSourceBuilder.create(source)
                .cache(settings.cacheTime().toMillis(), settings.timeout().toMillis() * 2)
                // the cache must outlive the rate limit's interval, or every fetch would be refused
                .rateLimited(Math.min(settings.refetchInterval().toMillis(), settings.cacheTime().toMillis() / 2))
                .refreshAheadCache(false)
                .outageTolerant(settings.outageTolerance().toMillis())
                .retrying(false)
                .build();
    }

    /**
     * Fetches the keys again now (within the rate limit) because a token whose key id is known failed its signature
     * check: the provider may have put a new key under the old id. False where nothing was fetched (fixed keys,
     * rate-limited, unreachable), so there is nothing new to check the token against.
     */
    static boolean refetch(JWKSource<SecurityContext> keys) {
        if (keys instanceof JWKSetBasedJWKSource<SecurityContext> based) {
            try {
                based.getJWKSetSource().getJWKSet(JWKSetCacheRefreshEvaluator.forceRefresh(),
                        System.currentTimeMillis(), null);
                return true;
            } catch (KeySourceException e) {
                // rate-limited or unreachable: the cached keys stay
            }
        }
        return false;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
            throws JWKSetUnavailableException {
        URI uri = jwks != null ? jwks : discover();
        try {
            return JWKSet.parse(fetch(uri));
        } catch (ParseException e) {
            throw new JWKSetUnavailableException("the keys at " + uri + " are not a JWK set: " + e.getMessage(), e);
        } catch (JWKSetUnavailableException e) {
            if (issuer != null) {
                jwks = null;
            }
            throw e;
        }
    }

    private URI discover() throws JWKSetUnavailableException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI document = URI.create(base + "/.well-known/openid-configuration");
        try {
            JsonObject metadata = Json.createReader(new StringReader(fetch(document))).readObject();
            if (!issuer.equals(metadata.getString("issuer", null))) {
                throw new JWKSetUnavailableException(document + " names the issuer '" + metadata.getString("issuer", null)
                        + "', not '" + issuer + "'");
            }
            URI found = URI.create(metadata.getString("jwks_uri"));
            jwks = found;
            return found;
        } catch (JsonException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new JWKSetUnavailableException(document + " is not an OpenID provider configuration with a jwks_uri", e);
        }
    }

    private String fetch(URI uri) throws JWKSetUnavailableException {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new JWKSetUnavailableException(uri + " answered " + response.statusCode());
            }
            if (response.body().length > MAX_BYTES) {
                throw new JWKSetUnavailableException(uri + " answered more than " + MAX_BYTES + " bytes");
            }
            return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JWKSetUnavailableException(uri + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JWKSetUnavailableException("interrupted while fetching " + uri, e);
        }
    }

    @Override
    public void close() {
        // java.net.http's client closes with its last reference on Java 17
    }
}
