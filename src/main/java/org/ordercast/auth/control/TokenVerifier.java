package org.ordercast.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;

/**
 * Verifies a JWT sent in-band with the container's {@code mp.jwt.verify.*} settings: signature against the
 * configured key (PEM, JWKS or JWKS URL), issuer, audience and time claims. {@code alg: none}, unsigned and
 * tampered tokens never pass.
 */
@ApplicationScoped
public class TokenVerifier {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    String algorithm;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "0")
    int clockSkewSeconds;

    private DefaultJWTProcessor<SecurityContext> processor;

    @PostConstruct
    void init() {
        var keys = VerificationKeys.from(publicKey, publicKeyLocation);
        if (keys.isEmpty()) {
            processor = null;
            return;
        }
        var exact = new JWTClaimsSet.Builder();
        issuer.ifPresent(exact::issuer);
        Set<String> audience = audiences.map(TokenVerifier::split).filter(a -> !a.isEmpty()).orElse(null);
        var claims = new DefaultJWTClaimsVerifier<>(audience, exact.build(), Set.of("exp"), Set.of());
        claims.setMaxClockSkew(clockSkewSeconds);
        processor = new DefaultJWTProcessor<>();
        // typ JWT only; RFC 9068's at+jwt is not accepted yet
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(algorithm), keys.get()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** A comma-separated configuration list; Payara's config injection has no {@code Optional<List>}. */
    static Set<String> split(String list) {
        var values = new HashSet<String>();
        for (String value : list.split(",")) {
            if (!value.isBlank()) {
                values.add(value.strip());
            }
        }
        return values;
    }

    public Identity verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("token is missing");
        }
        if (processor == null) {
            throw new InvalidTokenException("no token verification key is configured on this server");
        }
        try {
            return Claims.identity(processor.process(token.strip(), null));
        } catch (ParseException e) {
            throw new InvalidTokenException("token is not a well-formed JWT");
        } catch (BadJWSException e) {
            throw new InvalidTokenException("token signature is invalid");
        } catch (BadJWTException e) {
            throw new InvalidTokenException(describe(e.getMessage()), e.getMessage().startsWith("Expired"));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token is not signed with an accepted algorithm and key");
        } catch (JOSEException | RuntimeException e) {
            throw new InvalidTokenException("token could not be verified");
        }
    }

    private static String describe(String claimsFailure) {
        if (claimsFailure.startsWith("Expired")) {
            return "token has expired";
        }
        if (claimsFailure.contains("before use time")) {
            return "token is not valid yet";
        }
        if (claimsFailure.contains("iss")) {
            return "token issuer is not accepted";
        }
        if (claimsFailure.contains("aud")) {
            return "token audience is not accepted";
        }
        return "token claims are not accepted: " + claimsFailure;
    }
}
