package org.ordercast.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ordercast.testing.IdentityProvider.claim;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordercast.testing.IdentityProvider;

/** The verifier against an identity provider's keys over HTTP: algorithms, rotation, outages, issuers, claims. */
class TokenVerifierKeysTest {

    IdentityProvider idp;
    RSAKey rsa;

    @BeforeEach
    void startProvider() {
        idp = IdentityProvider.start();
        rsa = idp.rsa("rsa-1", true);
    }

    @AfterEach
    void stopProvider() {
        idp.close();
    }

    /** Trusts the provider by its JWKS URL, as {@code mp.jwt.verify.publickey.location} would. */
    private TokenVerifier byJwksUrl(UnaryOperator<TokenVerifier> settings) {
        var verifier = new TokenVerifier();
        verifier.publicKey = Optional.empty();
        verifier.publicKeyLocation = Optional.of(idp.jwksUrl());
        verifier.issuer = Optional.of(idp.issuer());
        verifier.audiences = Optional.of("ordercast");
        settings.apply(verifier).init();
        return verifier;
    }

    private TokenVerifier byJwksUrl() {
        return byJwksUrl(UnaryOperator.identity());
    }

    @Test
    void rsaEcdsaAndRsaPssTokensFromOneKeySetAreAcceptedTogether() throws InvalidTokenException {
        ECKey ec = idp.ec("ec-1", true);
        var verifier = byJwksUrl();
        assertEquals("ann", verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, "ann")).userId());
        assertEquals("eve", verifier.verify(idp.token(ec, JWSAlgorithm.ES256, "eve")).userId());
        assertEquals("pat", verifier.verify(idp.token(rsa, JWSAlgorithm.PS256, "pat")).userId());
    }

    @Test
    void accessTokensTypedAtJwtAreAcceptedAndOtherTypesRefused() throws InvalidTokenException {
        var verifier = byJwksUrl();
        assertEquals("ann", verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, new JOSEObjectType("at+jwt"), "ann",
                UnaryOperator.identity())).userId());
        assertEquals("bob", verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, null, "bob",
                UnaryOperator.identity())).userId());
        var refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(idp.token(rsa,
                JWSAlgorithm.RS256, new JOSEObjectType("logout+jwt"), "cat", UnaryOperator.identity())));
        assertTrue(refusal.getMessage().contains("type"), refusal.getMessage());
    }

    @Test
    void aKeyAddedWhileRunningIsFetchedWhenATokenNamesIt() throws InvalidTokenException {
        var verifier = byJwksUrl();
        verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, "ann"));
        RSAKey added = idp.rsa("rsa-2", true);
        assertEquals("new", verifier.verify(idp.token(added, JWSAlgorithm.RS256, "new")).userId());
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItsKeyIsWithdrawn() throws InvalidTokenException {
        var verifier = byJwksUrl();
        String token = idp.token(rsa, JWSAlgorithm.RS256, "ann");
        assertEquals("ann", verifier.verify(token).userId());
        assertEquals("ann", verifier.verify(token).userId(), "again, while its key is there");
        idp.withdraw(rsa);
        // a token naming a new key makes the verifier fetch the keys, which no longer hold the first one
        RSAKey successor = idp.rsa("rsa-2", true);
        assertEquals("bea", verifier.verify(idp.token(successor, JWSAlgorithm.RS256, "bea")).userId());
        assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
    }

    @Test
    void unknownKeyIdsFetchAtMostOncePerRefetchInterval() throws InvalidTokenException {
        var verifier = byJwksUrl(v -> {
            v.refetchInterval = Duration.ofMinutes(1);
            return v;
        });
        verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, "ann"));
        int before = idp.fetches();
        RSAKey stranger = idp.rsa("unpublished", false);
        for (int i = 0; i < 20; i++) {
            assertThrows(InvalidTokenException.class,
                    () -> verifier.verify(idp.token(stranger, JWSAlgorithm.RS256, "mallory")));
        }
        assertTrue(idp.fetches() - before <= 1, "fetched " + (idp.fetches() - before) + " times");
    }

    @Test
    void aNewKeyUnderAnOldKeyIdReplacesItAtOnce() throws InvalidTokenException {
        var verifier = byJwksUrl();
        String retired = idp.token(rsa, JWSAlgorithm.RS256, "old");
        verifier.verify(retired);
        idp.withdraw(rsa);
        RSAKey successor = idp.rsa("rsa-1", true);
        assertEquals("new", verifier.verify(idp.token(successor, JWSAlgorithm.RS256, "new")).userId());
        var refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(retired));
        assertTrue(refusal.getMessage().contains("signature"), refusal.getMessage());
    }

    @Test
    void theLastKeysKeepVerifyingWhileTheProviderIsDownPastTheCacheTime() throws Exception {
        var verifier = byJwksUrl(v -> {
            v.cacheTime = Duration.ofMillis(200);
            return v;
        });
        String token = idp.token(rsa, JWSAlgorithm.RS256, "ann");
        verifier.verify(token);
        idp.stop();
        Thread.sleep(500);
        assertEquals("ann", verifier.verify(token).userId());
        assertEquals("ann", verifier.verify(idp.token(rsa, JWSAlgorithm.PS256, "ann")).userId());
    }

    @Test
    void withoutKeysAndWithTheProviderDownATokenIsUnverifiableNotInvalid() {
        idp.stop();
        var verifier = byJwksUrl();
        var refusal = assertThrows(InvalidTokenException.class,
                () -> verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, "ann")));
        assertTrue(refusal.unverifiable(), refusal.getMessage());
        assertFalse(refusal.expired());
    }

    @Test
    void issuersAreDiscoveredAndEachKeepsItsOwnKeysAndAudience() throws InvalidTokenException {
        try (IdentityProvider other = IdentityProvider.start()) {
            RSAKey otherKey = other.rsa("other-1", true);
            var verifier = new TokenVerifier();
            verifier.publicKey = Optional.empty();
            verifier.publicKeyLocation = Optional.empty();
            verifier.issuer = Optional.empty();
            verifier.audiences = Optional.of("ordercast");
            verifier.issuers = Optional.of(idp.issuer() + ", " + other.issuer() + "=api://ordercast");
            verifier.init();
            assertEquals("ann", verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, "ann")).userId());
            assertEquals("olga", verifier.verify(other.token(otherKey, JWSAlgorithm.RS256, JOSEObjectType.JWT,
                    "olga", b -> b.audience("api://ordercast"))).userId());
            var wrongAudience = assertThrows(InvalidTokenException.class,
                    () -> verifier.verify(other.token(otherKey, JWSAlgorithm.RS256, "olga")));
            assertTrue(wrongAudience.getMessage().contains("audience"), wrongAudience.getMessage());
            var crossed = assertThrows(InvalidTokenException.class, () -> verifier.verify(idp.token(otherKey,
                    JWSAlgorithm.RS256, "forged")));
            assertFalse(crossed.unverifiable());
        }
    }

    @Test
    void rolesComeFromEveryConfiguredClaimPathAndGroupIdsAreRenamed() throws InvalidTokenException {
        var verifier = byJwksUrl(v -> {
            v.rolesClaims = "groups,realm_access.roles,resource_access.ordercast.roles,https://example.com/roles";
            v.roleMap = Optional.of("8f4c1a2e-0000-4000-8000-000000000001=operator");
            v.userClaims = "preferred_username,sub";
            return v;
        });
        var who = verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, JOSEObjectType.JWT, "f3a9-subject", b -> claim(
                "realm_access", Map.of("roles", List.of("staff", "default-roles-shop"))).apply(claim(
                "resource_access", Map.of("ordercast", Map.of("roles", List.of("publisher")))).apply(claim(
                "https://example.com/roles", List.of("kitchen")).apply(claim(
                "groups", List.of("8f4c1a2e-0000-4000-8000-000000000001")).apply(claim(
                "preferred_username", "kim").apply(b)))))));
        assertEquals("kim", who.userId());
        assertEquals(Set.of("staff", "default-roles-shop", "publisher", "kitchen", "operator"), who.roles());
    }

    @Test
    void aGroupOverageGivesNoRolesFromGroupsAndIsNotAnError() throws InvalidTokenException {
        var verifier = byJwksUrl(v -> {
            v.rolesClaims = "groups,roles";
            return v;
        });
        var who = verifier.verify(idp.token(rsa, JWSAlgorithm.RS256, JOSEObjectType.JWT, "entra-user", b -> claim(
                "_claim_names", Map.of("groups", "src1")).apply(claim("roles", List.of("publisher")).apply(b))));
        assertEquals(Set.of("publisher"), who.roles());
    }
}
