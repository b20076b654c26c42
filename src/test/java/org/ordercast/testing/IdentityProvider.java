package org.ordercast.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The key side of an OpenID provider for unit tests: an HTTP server on a free loopback port serving a discovery
 * document and a JWK set that the test changes while it runs, and the signing of tokens with those keys. It can be
 * stopped and started again on the same port, and counts the key set's fetches.
 */
public final class IdentityProvider implements AutoCloseable {

    private final int port;
    private final List<JWK> published = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    private IdentityProvider(int port) {
        this.port = port;
    }

    public static IdentityProvider start() {
        var provider = new IdentityProvider(RedisServer.freePort());
        provider.run();
        return provider;
    }

    public String issuer() {
        return "http://127.0.0.1:" + port + "/idp";
    }

    public String jwksUrl() {
        return issuer() + "/jwks";
    }

    public int fetches() {
        return fetches.get();
    }

    /** A new RSA key with this id, published at once unless {@code publish} is false. */
    public RSAKey rsa(String kid, boolean publish) {
        try {
            return publish(new RSAKeyGenerator(2048).keyID(kid).generate(), publish);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new P-256 key with this id. */
    public ECKey ec(String kid, boolean publish) {
        try {
            return publish(new ECKeyGenerator(Curve.P_256).keyID(kid).generate(), publish);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private <K extends JWK> K publish(K key, boolean publish) {
        if (publish) {
            publish(key);
        }
        return key;
    }

    public synchronized void publish(JWK key) {
        published.add(key);
    }

    public synchronized void withdraw(JWK key) {
        published.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
    }

    /** A token of this issuer for {@code user}, audience {@code ordercast}, valid for an hour, with more claims. */
    public String token(JWK key, JWSAlgorithm algorithm, JOSEObjectType type, String user,
                        UnaryOperator<JWTClaimsSet.Builder> claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            var header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(type).build();
            var body = claims.apply(new JWTClaimsSet.Builder().issuer(issuer()).audience("ordercast").subject(user)
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)))).build();
            var jwt = new SignedJWT(header, body);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String token(JWK key, JWSAlgorithm algorithm, String user) {
        return token(key, algorithm, JOSEObjectType.JWT, user, UnaryOperator.identity());
    }

    /** Serves (again) on the same port. */
    public void run() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/idp/.well-known/openid-configuration", exchange -> answer(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUrl() + "\"}"));
        server.createContext("/idp/jwks", exchange -> {
            fetches.incrementAndGet();
            String keys;
            synchronized (this) {
                keys = new JWKSet(List.copyOf(published)).toString(true);
            }
            answer(exchange, keys);
        });
        server.start();
    }

    /** Stops answering: connections to the port are refused. */
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** Claims for {@link #token}: {@code name} set to {@code value} (a string, list or map). */
    public static UnaryOperator<JWTClaimsSet.Builder> claim(String name, Object value) {
        return builder -> builder.claim(name, value instanceof Map<?, ?> map ? map : value);
    }
}
