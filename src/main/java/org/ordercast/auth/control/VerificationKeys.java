package org.ordercast.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code mp.jwt.verify.publickey} (PEM or JWKS text) or {@code mp.jwt.verify.publickey.location} (a
 * class-path resource, a file, or an http(s) JWKS URL, fetched as {@link RemoteKeys} says) the way MP-JWT does.
 */
final class VerificationKeys {

    private VerificationKeys() {
    }

    static Optional<JWKSource<SecurityContext>> from(Optional<String> inline, Optional<String> location,
                                                     RemoteKeys.Settings settings) {
        if (inline.filter(s -> !s.isBlank()).isPresent()) {
            return Optional.of(parse(inline.get()));
        }
        return location.filter(s -> !s.isBlank()).map(at -> load(at, settings));
    }

    private static JWKSource<SecurityContext> load(String location, RemoteKeys.Settings settings) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI jwks;
            try {
                jwks = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mp.jwt.verify.publickey.location is not a URL: " + location, e);
            }
            return RemoteKeys.at(jwks, settings);
        }
        return parse(read(location));
    }

    private static String read(String location) {
        try {
            URL resource = Thread.currentThread().getContextClassLoader().getResource(location.replaceFirst("^/", ""));
            if (resource == null && location.startsWith("file:")) {
                resource = new URL(location);
            }
            if (resource != null) {
                try (InputStream in = resource.openStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token verification key at " + location, e);
        }
    }

    static JWKSource<SecurityContext> parse(String keys) {
        try {
            String text = keys.strip();
            JWKSet set = text.startsWith("{") ? parseJson(text) : new JWKSet(Pem.publicKey(text));
            if (set.getKeys().size() == 1 && set.getKeys().get(0).getKeyID() == null) {
                // one key without an id (a PEM key): a token's kid has nothing to choose between, so it must not
                // refuse either; identity providers set kid on almost every token
                List<JWK> only = List.of(set.getKeys().get(0));
                return (selector, context) -> only;
            }
            return new ImmutableJWKSet<>(set);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("the token verification key is neither PEM nor JWK(S): " + e.getMessage(), e);
        }
    }

    private static JWKSet parseJson(String json) throws ParseException {
        return json.contains("\"keys\"") ? JWKSet.parse(json) : new JWKSet(JWK.parse(json));
    }
}
