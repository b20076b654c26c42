package org.ordercast.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Tokens for tests, signed with the development key (or deliberately wrong in one way). */
public final class TestTokens {

    public static final String ISSUER = System.getProperty("dev.issuer", "https://dev.ordercast.local");
    public static final String AUDIENCE = System.getProperty("dev.audience", "ordercast");

    private TestTokens() {
    }

    public static File devDirectory() {
        return new File(System.getProperty("ordercast.dev", "server-config/dev"));
    }

    public static String token(String user, List<String> groups, List<String> stores) {
        return token(user, groups, stores, UnaryOperator.identity());
    }

    public static String token(String user, String... groups) {
        return token(user, List.of(groups), List.of());
    }

    /** A valid token for an hour, with {@code adjust} applied to its claims. */
    public static String token(String user, List<String> groups, List<String> stores,
                               UnaryOperator<JWTClaimsSet.Builder> adjust) {
        return sign(adjust.apply(claims(user, groups, stores, Duration.ofHours(1))).build(), key());
    }

    public static String expiringIn(Duration lifetime, String user, String... groups) {
        return sign(claims(user, List.of(groups), List.of(), lifetime).build(), key());
    }

    public static String expired(String user) {
        return expiringIn(Duration.ofMinutes(-5), user);
    }

    public static String notYetValid(String user) {
        return token(user, List.of(), List.of(), c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600))));
    }

    public static String wrongIssuer(String user) {
        return token(user, List.of(), List.of(), c -> c.issuer("https://elsewhere.example"));
    }

    public static String wrongAudience(String user) {
        return token(user, List.of(), List.of(), c -> c.audience("someone-else"));
    }

    public static String unsigned(String user) {
        return new PlainJWT(claims(user, List.of("admin"), List.of(), Duration.ofHours(1)).build()).serialize();
    }

    /** Signed, then the payload swapped for one that claims admin: the signature no longer matches. */
    public static String tampered(String user) {
        String[] parts = token(user).split("\\.");
        String forged = token(user, "admin").split("\\.")[1];
        return parts[0] + "." + forged + "." + parts[2];
    }

    /** A well-formed token signed by a key the server does not trust. */
    public static String foreignKey(String user) {
        try {
            RSAKey other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
            return sign(claims(user, List.of(), List.of(), Duration.ofHours(1)).build(), other);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose header names a key id, as almost every identity provider's tokens do. */
    public static String withKeyId(String user, String kid, String... groups) {
        return sign(claims(user, List.of(groups), List.of(), Duration.ofHours(1)).build(), key(), kid);
    }

    private static JWTClaimsSet.Builder claims(String user, List<String> groups, List<String> stores, Duration life) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(user).claim("upn", user)
                .claim("groups", groups).claim("stores", stores)
                .issueTime(Date.from(now.minusSeconds(10))).expirationTime(Date.from(now.plus(life)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        return sign(claims, key, null);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, String kid) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half of the key every token here is signed with. */
    public static RSAKey publicKey() {
        return key().toPublicJWK();
    }

    private static RSAKey key() {
        try {
            String pem = Files.readString(new File(devDirectory(), "private-key.pem").toPath());
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            var factory = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            var publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
