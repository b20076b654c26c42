package org.ordercast.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs development tokens with the committed development key. Off unless {@code ordercast.dev.tokens=true} and
 * {@code ordercast.dev.private-key.location} names the key: production configuration sets neither.
 */
@ApplicationScoped
public class DevTokenIssuer {

    @Inject
    @ConfigProperty(name = "ordercast.dev.tokens", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "ordercast.dev.private-key.location")
    Optional<String> privateKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "ordercast")
    String issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    private RSASSASigner signer;

    @PostConstruct
    void init() {
        if (!enabled || privateKeyLocation.isEmpty()) {
            return;
        }
        try {
            String pem = Files.readString(Path.of(privateKeyLocation.get().replaceFirst("^file:", "")));
            signer = new RSASSASigner(Pem.rsaPrivateKey(pem));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development private key", e);
        } catch (JOSEException e) {
            throw new IllegalStateException("the development private key is not an RSA PEM key", e);
        }
    }

    public boolean isEnabled() {
        return signer != null;
    }

    public String issue(String user, Set<String> groups, Set<String> stores, Duration lifetime) {
        if (!isEnabled()) {
            throw new IllegalStateException("development tokens are off");
        }
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user)
                .claim("upn", user)
                .claim("groups", List.copyOf(groups))
                .claim("stores", List.copyOf(stores))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        audiences.map(TokenVerifier::split).filter(a -> !a.isEmpty()).ifPresent(a -> claims.audience(List.copyOf(a)));
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a development token failed", e);
        }
        return jwt.serialize();
    }
}
