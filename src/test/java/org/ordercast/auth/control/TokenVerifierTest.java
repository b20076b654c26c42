package org.ordercast.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordercast.auth.entity.Identity;
import org.ordercast.testing.TestTokens;

class TokenVerifierTest {

    TokenVerifier verifier;

    @BeforeEach
    void trustTheDevelopmentKey() throws IOException {
        verifier = verifier(Optional.of(Files.readString(TestTokens.devDirectory().toPath().resolve("public-key.pem"))));
    }

    @Test
    void aValidTokenGivesUserRolesStoresAndExpiry() throws InvalidTokenException {
        Identity who = verifier.verify(TestTokens.token("alice", List.of("staff", "kitchen"), List.of("7", "9")));
        assertEquals("alice", who.userId());
        assertEquals(Set.of("staff", "kitchen"), who.roles());
        assertEquals(Set.of("7", "9"), who.stores());
        assertTrue(who.expiresAt().isAfter(java.time.Instant.now().plusSeconds(3500)));
    }

    @Test
    void expiredTokenIsRefusedAsExpired() {
        var refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(TestTokens.expired("bob")));
        assertTrue(refusal.expired());
        assertEquals("token has expired", refusal.getMessage());
    }

    @Test
    void notYetValidTokenIsRefused() {
        assertRefused(() -> TestTokens.notYetValid("bob"), "not valid yet");
    }

    @Test
    void wrongIssuerIsRefused() {
        assertRefused(() -> TestTokens.wrongIssuer("bob"), "issuer");
    }

    @Test
    void wrongAudienceIsRefused() {
        assertRefused(() -> TestTokens.wrongAudience("bob"), "audience");
    }

    @Test
    void algNoneIsRefused() {
        assertRefused(() -> TestTokens.unsigned("bob"), "accepted algorithm");
    }

    @Test
    void tamperedTokenIsRefused() {
        assertRefused(() -> TestTokens.tampered("bob"), "signature");
    }

    @Test
    void tokenFromAnotherKeyIsRefused() {
        assertRefused(() -> TestTokens.foreignKey("bob"), "signature");
    }

    @Test
    void garbageAndMissingTokensAreRefused() {
        assertRefused(() -> "a.b", "well-formed");
        assertRefused(() -> "", "missing");
    }

    @Test
    void aTokenWithAnythingBesideItsThreeBase64urlPartsIsRefused() throws InvalidTokenException {
        String token = TestTokens.token("bob", "staff");
        assertEquals("bob", verifier.verify(token).userId());
        // the JOSE library's decoder skips what is not base64url: each of these passed as the token before
        for (String junk : List.of("!", "~", "=", "*", "%00", "\u00e9")) {
            assertRefused(() -> token + junk, "well-formed");
            assertRefused(() -> token.replaceFirst("\\.", junk + "."), "well-formed");
        }
        assertRefused(() -> token + ".", "well-formed");
        assertRefused(() -> "." + token.substring(token.indexOf('.')), "well-formed");
        assertRefused(() -> token.substring(0, token.indexOf('.') + 1) + token.substring(token.lastIndexOf('.')),
                "well-formed");
    }

    @Test
    void withoutAConfiguredKeyNothingIsTrusted() {
        var unconfigured = verifier(Optional.empty());
        var refusal = assertThrows(InvalidTokenException.class,
                () -> unconfigured.verify(TestTokens.token("alice", "admin")));
        assertTrue(refusal.getMessage().contains("no token verification key"));
    }

    @Test
    void aKeyIdInTheHeaderDoesNotMatterWithASingleConfiguredPemKey() throws InvalidTokenException {
        assertEquals("kim", verifier.verify(TestTokens.withKeyId("kim", "idp-key-2026", "staff")).userId());
    }

    @Test
    void rolesAndStoresMayBeGivenAsOneString() {
        assertEquals(Set.of("7", "8"), ClaimMapping.strings("7, 8"));
        assertEquals(Set.of("42"), ClaimMapping.strings(List.of(42)));
        assertFalse(ClaimMapping.strings(null).iterator().hasNext());
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItExpires() throws Exception {
        String token = TestTokens.expiringIn(Duration.ofSeconds(2), "brief");
        assertEquals("brief", verifier.verify(token).userId());
        assertEquals("brief", verifier.verify(token).userId(), "again, while it is good");
        Thread.sleep(Duration.between(java.time.Instant.now(), verifier.verify(token).expiresAt()).toMillis() + 1100);
        var refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
        assertTrue(refusal.expired(), refusal.getMessage());
    }

    @Test
    void aBearerHeaderIsVerifiedWhereTheTokenLiesAndFindsTheTokenVerifiedBefore() throws InvalidTokenException {
        String token = TestTokens.token("carol", "publisher");
        Identity first = verifier.verify(token);
        assertSame(first, verifier.verifyBearer("Bearer " + token), "answered from the tokens verified lately");
        assertSame(first, verifier.verifyBearer("bearer \t" + token + "  "));
        assertSame(first, verifier.verify(" " + token + "\n"));
        assertEquals("token is missing",
                assertThrows(InvalidTokenException.class, () -> verifier.verifyBearer("Bearer  ")).getMessage());
        assertEquals("token is missing",
                assertThrows(InvalidTokenException.class, () -> verifier.verifyBearer("Basic " + token)).getMessage());
        assertEquals("token is missing",
                assertThrows(InvalidTokenException.class, () -> verifier.verifyBearer(null)).getMessage());
    }

    @Test
    void aTextThatDiffersFromAVerifiedTokenOnlyAboveAsciiIsNotTakenForIt() throws InvalidTokenException {
        String token = TestTokens.token("dave", "publisher");
        verifier.verify(token);
        int at = token.length() / 2;
        // the same low byte as the character it replaces: a cache keyed on truncated characters would answer it
        String lookalike = token.substring(0, at) + (char) (0x100 | token.charAt(at)) + token.substring(at + 1);
        assertThrows(InvalidTokenException.class, () -> verifier.verify(lookalike));
        assertThrows(InvalidTokenException.class, () -> verifier.verifyBearer("Bearer " + lookalike));
    }

    @Test
    void anExpiryInsideTheClockSkewIsAccepted() throws InvalidTokenException {
        verifier.clockSkewSeconds = 60;
        verifier.init();
        assertEquals("late", verifier.verify(TestTokens.expiringIn(Duration.ofSeconds(-30), "late")).userId());
    }

    private void assertRefused(Supplier<String> token, String reason) {
        var refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(token.get()));
        assertTrue(refusal.getMessage().contains(reason), refusal.getMessage());
        assertFalse(refusal.expired());
    }

    private static TokenVerifier verifier(Optional<String> publicKey) {
        var verifier = new TokenVerifier();
        verifier.publicKey = publicKey;
        verifier.publicKeyLocation = Optional.empty();
        verifier.issuer = Optional.of(TestTokens.ISSUER);
        verifier.audiences = Optional.of(TestTokens.AUDIENCE);
        verifier.init();
        return verifier;
    }
}
