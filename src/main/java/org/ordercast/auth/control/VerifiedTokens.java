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
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.auth.entity.Identity;

/**
 * Tokens verified lately, by the SHA-256 of their text (the text itself is not kept). A service sends the same token
 * with every request, and parsing it and checking its signature was the largest part of a REST publication's CPU.
 * A token is answered from here only while it has not expired (within the clock skew) and while the key that
 * verified it is still among its issuer's keys, the same key under the same id: once the verifier knows a rotation
 * retired the key, the token is checked again, and refused. Only a token whose key is known without doubt (one key
 * matches its header) is kept. At most {@code capacity}: past that, expired entries go, then all.
 *
 * <p>A token is looked up where it lies in the text it came in ({@code Authorization: Bearer …}), hashed on the
 * calling thread with its own digest and buffer: the look-up every request makes allocates only the digest's result.
 */
final class VerifiedTokens {

    private record Verified(Identity identity, JWKSource<SecurityContext> keys, JWKSelector selector, JWK key) {
    }

    /** Longer tokens are not kept: no identity provider issues them, and the buffer per thread stays small. */
    static final int MAX_LENGTH = 16 * 1024;

    /** A thread's SHA-256 and the buffer a token's characters are copied into for it. */
    private static final class Hasher {
        final MessageDigest sha;
        byte[] bytes = new byte[2048];

        Hasher() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

    /** {@link TokenVerifier#BEARER} in lower case, to compare with a header's bytes. */
    private static final byte[] BEARER =
            TokenVerifier.BEARER.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);

    private final int capacity;
    private final Duration skew;
    private final ConcurrentHashMap<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity, Duration skew) {
        this.capacity = capacity;
        this.skew = skew;
    }

    /**
     * The identity of the token {@code text[from, to)} if it was verified before and is still good now, or null: then
     * it must be verified.
     */
    Identity find(String text, int from, int to, Instant now) {
        return capacity <= 0 ? null : find(digest(text, from, to), now);
    }

    /**
     * As {@link #find}, for the bytes {@code header[from, to)} of an {@code Authorization} header's value as the
     * server received it: the identity of its bearer token if that was verified lately, else null.
     */
    Identity findBearer(byte[] header, int from, int to, Instant now) {
        if (capacity <= 0 || to - from <= BEARER.length) {
            return null;
        }
        for (int i = 0; i < BEARER.length - 1; i++) {
            if ((header[from + i] | 0x20) != BEARER[i]) {   // a letter in either case
                return null;
            }
        }
        if (header[from + BEARER.length - 1] != ' ') {
            return null;
        }
        from += BEARER.length;
        while (from < to && isWhitespace(header[from])) {
            from++;
        }
        while (to > from && isWhitespace(header[to - 1])) {
            to--;
        }
        return from == to ? null : find(digest(header, from, to), now);
    }

    private Identity find(ByteBuffer id, Instant now) {
        Verified entry = id == null ? null : verified.get(id);
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
        ByteBuffer id = capacity <= 0 || identity.expiresAt() == null ? null : digest(token, 0, token.length());
        if (id == null) {
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
        verified.put(id, new Verified(identity, keys, selector, candidates.get(0)));
    }

    private static boolean stillTrusted(Verified entry) {
        try {
            return entry.keys().get(entry.selector(), null).contains(entry.key());
        } catch (KeySourceException e) {
            return false;
        }
    }

    /**
     * The SHA-256 of {@code text[from, to)}, or null when it is too long or not all ASCII: a JWT is base64url and
     * dots, so such a text is no token to keep, and hashing only ASCII leaves no two texts with the same bytes.
     */
    private static ByteBuffer digest(String text, int from, int to) {
        int length = to - from;
        if (length > MAX_LENGTH) {
            return null;
        }
        Hasher hasher = HASHERS.get();
        if (hasher.bytes.length < length) {
            hasher.bytes = new byte[length];
        }
        byte[] bytes = hasher.bytes;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(from + i);
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return digest(hasher, bytes, 0, length);
    }

    /** The SHA-256 of {@code bytes[from, to)}, or null when it is too long or not all ASCII, as for a text. */
    private static ByteBuffer digest(byte[] bytes, int from, int to) {
        if (to - from > MAX_LENGTH) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return null;
            }
        }
        return digest(HASHERS.get(), bytes, from, to - from);
    }

    private static ByteBuffer digest(Hasher hasher, byte[] bytes, int from, int length) {
        hasher.sha.update(bytes, from, length);
        return ByteBuffer.wrap(hasher.sha.digest());
    }

    /** {@link Character#isWhitespace} for a byte below 0x80, as {@link String#strip} decides it. */
    private static boolean isWhitespace(byte b) {
        return b == ' ' || b >= 0x09 && b <= 0x0D || b >= 0x1C && b <= 0x1F;
    }
}
