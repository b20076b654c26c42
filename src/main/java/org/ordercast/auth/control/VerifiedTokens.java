package org.ordercast.auth.control;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.auth.entity.Identity;

/**
 * Tokens verified lately, by the SHA-256 of their text (the text itself is not kept). A service sends the same token
 * with every request, and parsing it and checking its signature was the largest part of a REST publication's CPU.
 * A token is answered from here only while it has not expired (within the clock skew) and while the key that
 * verified it is still among its issuer's keys, the same key under the same id: once the verifier knows a rotation
 * retired the key, the token is checked again, and refused. Only a token whose key is known without doubt (one key
 * matches its header) is kept. At most {@code capacity}: past that, expired entries go, then all.
 */
final class VerifiedTokens {

    private record Verified(Identity identity, JWKSource<SecurityContext> keys, JWKSelector selector, JWK key) {
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final Duration skew;
    private final ConcurrentHashMap<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity, Duration skew) {
        this.capacity = capacity;
        this.skew = skew;
    }

    /** The identity of a token verified before and still good now, or null: then it must be verified. */
    Identity find(String token, Instant now) {
        if (capacity <= 0) {
            return null;
        }
        ByteBuffer id = digest(token);
        Verified entry = verified.get(id);
        if (entry == null) {
            return null;
        }
        if (now.isAfter(entry.identity().expiresAt().plus(skew)) || !stillTrusted(entry)) {
            verified.remove(id, entry);
            return null;
        }
        return entry.identity();
    }

    /** Keeps a token just verified with {@code keys}, if exactly one of them can have signed it. */
    void keep(String token, SignedJWT jwt, JWKSource<SecurityContext> keys, Identity identity) {
        if (capacity <= 0 || identity.expiresAt() == null) {
            return;
        }
        var selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        List<JWK> candidates;
        try {
            candidates = keys.get(selector, null);
        } catch (KeySourceException e) {
            return;
        }
        if (candidates.size() != 1) {
            return;
        }
        if (verified.size() >= capacity) {
            Instant now = Instant.now();
            verified.values().removeIf(entry -> now.isAfter(entry.identity().expiresAt().plus(skew)));
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(digest(token), new Verified(identity, keys, selector, candidates.get(0)));
    }

    private static boolean stillTrusted(Verified entry) {
        try {
            return entry.keys().get(entry.selector(), null).contains(entry.key());
        } catch (KeySourceException e) {
            return false;
        }
    }

    /** A copy of a prototype digest: cheaper than a provider look-up per token. */
    private static ByteBuffer digest(String token) {
        try {
            var sha = (MessageDigest) SHA_256.clone();
            return ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
