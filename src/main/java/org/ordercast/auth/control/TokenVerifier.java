package org.ordercast.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;

/**
 * The one place a JWT is verified, for every path (REST, WebSocket header, query and in-band, SSE) and every server:
 * the container's MP-JWT is not involved. Trusted are the key of the container's {@code mp.jwt.verify.*} settings
 * (PEM, JWKS, or a JWKS URL; issuer and audiences from the same settings), and each issuer of
 * {@code ordercast.auth.issuers}, found through OpenID discovery, with its own keys and audiences. A token is checked
 * against the issuer its {@code iss} names: signature by {@code kid} with any algorithm of
 * {@code ordercast.auth.algorithms} (RSA, ECDSA and RSA-PSS together), {@code typ} {@code JWT} or {@code at+jwt},
 * issuer, audience and time claims. {@code alg: none}, unsigned and tampered tokens never pass. Remote keys are
 * cached, fetched again for an unknown {@code kid} and kept through an identity provider's outage
 * ({@link RemoteKeys}); a token that cannot be checked for want of keys is refused as
 * {@link InvalidTokenException#unverifiable}, which clients retry.
 */
@ApplicationScoped
public class TokenVerifier {

    static final String ALGORITHMS = "RS256,RS384,RS512,ES256,ES384,ES512,PS256,PS384,PS512";

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "0")
    int clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "ordercast.auth.issuers")
    Optional<String> issuers = Optional.empty();

    @Inject
    @ConfigProperty(name = "ordercast.auth.algorithms", defaultValue = ALGORITHMS)
    String algorithms = ALGORITHMS;

    @Inject
    @ConfigProperty(name = "ordercast.auth.jwks-cache", defaultValue = "PT5M")
    Duration cacheTime = RemoteKeys.Settings.DEFAULT.cacheTime();

    @Inject
    @ConfigProperty(name = "ordercast.auth.jwks-refetch-interval", defaultValue = "PT5S")
    Duration refetchInterval = RemoteKeys.Settings.DEFAULT.refetchInterval();

    @Inject
    @ConfigProperty(name = "ordercast.auth.outage-tolerance", defaultValue = "PT12H")
    Duration outageTolerance = RemoteKeys.Settings.DEFAULT.outageTolerance();

    @Inject
    @ConfigProperty(name = "ordercast.auth.user-claims", defaultValue = "upn,preferred_username,sub")
    String userClaims = "upn,preferred_username,sub";

    @Inject
    @ConfigProperty(name = "ordercast.auth.roles-claims", defaultValue = "groups")
    String rolesClaims = "groups";

    @Inject
    @ConfigProperty(name = "ordercast.auth.role-map")
    Optional<String> roleMap = Optional.empty();

    @Inject
    @ConfigProperty(name = "ordercast.auth.verified-tokens", defaultValue = "10000")
    int verifiedTokens = 10_000;

    /** An issuer and how its tokens are checked. */
    private record Trusted(JWKSource<SecurityContext> keys, DefaultJWTProcessor<SecurityContext> processor) {
    }

    /** The scheme of an {@code Authorization} header that carries a token, with the space after it. */
    static final String BEARER = "Bearer ";
    private static volatile boolean grizzly = true;

    /** By issuer; under {@code null} the {@code mp.jwt.verify} key when no issuer is configured for it. */
    private final Map<String, Trusted> trusted = new HashMap<>();
    private ClaimMapping mapping = ClaimMapping.DEFAULT;
    private VerifiedTokens recent = new VerifiedTokens(0, Duration.ZERO);

    @PostConstruct
    void init() {
        trusted.clear();
        mapping = ClaimMapping.of(userClaims, rolesClaims, roleMap.orElse(""));
        recent = new VerifiedTokens(verifiedTokens, Duration.ofSeconds(clockSkewSeconds));
        var settings = new RemoteKeys.Settings(cacheTime, refetchInterval, outageTolerance,
                RemoteKeys.Settings.DEFAULT.timeout());
        Set<String> defaultAudiences = audiences.map(TokenVerifier::split).orElse(Set.of());
        VerificationKeys.from(publicKey, publicKeyLocation, settings).ifPresent(keys ->
                trusted.put(issuer.filter(s -> !s.isBlank()).map(String::strip).orElse(null),
                        trust(keys, issuer.orElse(null), defaultAudiences)));
        for (String entry : ClaimMapping.list(issuers.orElse(""))) {
            int at = entry.indexOf('=');
            String name = issuerOf(entry);
            Set<String> own = at < 0 ? defaultAudiences : split(entry.substring(at + 1).replace(' ', ','));
            trusted.put(name, trust(RemoteKeys.discovered(name, settings), name, own));
        }
    }

    private Trusted trust(JWKSource<SecurityContext> keys, String name, Set<String> audience) {
        var exact = new JWTClaimsSet.Builder();
        if (name != null && !name.isBlank()) {
            exact.issuer(name.strip());
        }
        var claims = new DefaultJWTClaimsVerifier<>(audience.isEmpty() ? null : audience, exact.build(),
                Set.of("exp"), Set.of());
        claims.setMaxClockSkew(clockSkewSeconds);
        var processor = new DefaultJWTProcessor<>();
        // RFC 9068 access tokens carry typ at+jwt; many providers send JWT or nothing
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        Set<JWSAlgorithm> accepted = split(algorithms).stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(accepted, keys));
        processor.setJWTClaimsSetVerifier(claims);
        return new Trusted(keys, processor);
    }

    /**
     * The issuer of an entry of {@code ordercast.auth.issuers}: an issuer, optionally followed by its audiences
     * ({@code https://idp.example/realms/shop=ordercast other}).
     */
    public static String issuerOf(String entry) {
        int at = entry.indexOf('=');
        return (at < 0 ? entry : entry.substring(0, at)).strip();
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
        return token == null ? verify("", 0, 0) : verify(token, 0, token.length());
    }

    /** Whether an {@code Authorization} header's value is a bearer token. */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /**
     * The identity of the token of an {@code Authorization: Bearer} header's value ({@link #isBearer}), checked where
     * it lies in the value: a token verified before costs no copy of it.
     */
    public Identity verifyBearer(String authorization) throws InvalidTokenException {
        if (!isBearer(authorization)) {
            throw new InvalidTokenException("token is missing");
        }
        return verify(authorization, BEARER.length(), authorization.length());
    }

    /**
     * The identity of the request's {@code Authorization: Bearer} token if it was verified lately, read where the
     * server parsed it (Payara, GlassFish); else null, and the header is to be read and verified as usual.
     */
    public Identity verifiedBefore(HttpServletRequest request) {
        if (!grizzly) {
            return null;
        }
        try {
            return GrizzlyAuthorization.find(request, recent, Instant.now());
        } catch (LinkageError e) {
            grizzly = false;   // not on Grizzly
            return null;
        }
    }

    /**
     * Whether the request has more than one {@code Authorization} header: RFC 6750's {@code invalid_request}. Read
     * where the server parsed the headers (Payara, GlassFish), without decoding them; else through the servlet API.
     */
    public boolean repeatsAuthorization(HttpServletRequest request) {
        if (grizzly) {
            try {
                Boolean repeated = GrizzlyAuthorization.repeated(request);
                if (repeated != null) {
                    return repeated;
                }
            } catch (LinkageError e) {
                grizzly = false;   // not on Grizzly
            }
        }
        Enumeration<String> values = request.getHeaders("Authorization");
        if (values == null || !values.hasMoreElements()) {
            return false;
        }
        values.nextElement();
        return values.hasMoreElements();
    }

    /** The identity of the token {@code text[from, to)}, less the white space around it. */
    private Identity verify(String text, int from, int to) throws InvalidTokenException {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            throw new InvalidTokenException("token is missing");
        }
        if (trusted.isEmpty()) {
            throw new InvalidTokenException("no token verification key is configured on this server");
        }
        Identity known = recent.find(text, from, to, Instant.now());
        if (known != null) {
            return known;
        }
        return verifyAnew(text.substring(from, to));
    }

    private Identity verifyAnew(String text) throws InvalidTokenException {
        if (!isCompact(text)) {
            throw new InvalidTokenException("token is not a well-formed signed JWT");
        }
        try {
            if (!(JWTParser.parse(text) instanceof SignedJWT jwt)) {
                throw new InvalidTokenException("token is not signed with an accepted algorithm and key");
            }
            Trusted by = trustedFor(jwt.getJWTClaimsSet().getIssuer());
            Identity identity;
            try {
                identity = mapping.identity(by.processor().process(jwt, null));
            } catch (BadJWSException e) {
                // the provider may have put a new key under a known key id: decide again once a fetch got its keys
                if (!RemoteKeys.refetch(by.keys())) {
                    throw e;
                }
                identity = mapping.identity(by.processor().process(jwt, null));
            }
            recent.keep(text, jwt, by.keys(), identity);
            return identity;
        } catch (ParseException e) {
            throw new InvalidTokenException(e.getMessage().startsWith("token names no user") ? e.getMessage()
                    : "token is not a well-formed signed JWT");
        } catch (BadJWSException e) {
            throw new InvalidTokenException("token signature is invalid");
        } catch (BadJWTException e) {
            throw new InvalidTokenException(describe(e.getMessage()), e.getMessage().startsWith("Expired"));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage().contains("JOSE header typ")
                    ? "token type is not accepted (JWT or at+jwt)"
                    : "token is not signed with an accepted algorithm and key");
        } catch (KeySourceException e) {
            throw InvalidTokenException.unverifiable("the token could not be verified now: the identity provider's "
                    + "keys cannot be had; try again shortly");
        } catch (JOSEException | RuntimeException e) {
            throw new InvalidTokenException("token could not be verified");
        }
    }

    /**
     * Whether {@code text} is three base64url parts joined by dots, with nothing else in it (RFC 7515, 7.1: no
     * padding, white space or other characters). The JOSE library's decoder skips characters outside the alphabet,
     * so that the token with {@code !} or {@code ~} after it passed as the token, and any number of texts counted as
     * one token: in a list of refused tokens, or as entries of the verified-token cache.
     */
    static boolean isCompact(String text) {
        int dots = 0;
        int partLength = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (partLength == 0 || ++dots > 2) {
                    return false;   // an empty header or payload, or a fourth part
                }
                partLength = 0;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                partLength++;
            } else {
                return false;
            }
        }
        // the signature may be empty: an unsigned token is refused for its algorithm, with that reason
        return dots == 2;
    }

    private Trusted trustedFor(String iss) throws InvalidTokenException {
        Trusted by = iss == null ? null : trusted.get(iss);
        if (by == null) {
            by = trusted.get(null);
        }
        if (by == null) {
            throw new InvalidTokenException("token issuer is not accepted");
        }
        return by;
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
