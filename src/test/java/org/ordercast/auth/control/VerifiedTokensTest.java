package org.ordercast.auth.control;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordercast.auth.entity.Identity;
import org.ordercast.testing.TestTokens;

class VerifiedTokensTest {

    private final VerifiedTokens recent = new VerifiedTokens(100, Duration.ZERO);
    private final String token = TestTokens.token("erin", "publisher");
    private final Identity erin = new Identity("erin", Set.of("publisher"), Set.of(), Instant.now().plusSeconds(600));

    @BeforeEach
    void keepTheToken() throws Exception {
        recent.keep(token, SignedJWT.parse(token), new ImmutableJWKSet<SecurityContext>(
                new JWKSet(TestTokens.publicKey())), erin);
    }

    @Test
    void aBearerHeadersBytesFindTheTokenKeptFromItsText() {
        assertSame(erin, recent.find(token, 0, token.length(), Instant.now()));
        assertSame(erin, findBearer("Bearer " + token));
        assertSame(erin, findBearer("bEaReR \t" + token + " \r"));
        byte[] framed = ("xxAuthorization: Bearer " + token + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int from = "xxAuthorization: ".length();
        assertSame(erin, recent.findBearer(framed, from, framed.length - 2, Instant.now()), "found where it lies");
    }

    @Test
    void anythingElseIsNotFound() {
        assertNull(findBearer("Basic " + token));
        assertNull(findBearer("Bearer\t" + token), "the scheme is followed by a space, as for the text");
        assertNull(findBearer("Bearer\0" + token));
        assertNull(findBearer("Bearer "));
        assertNull(findBearer("Bearer " + token.substring(1)));
        assertNull(findBearer("Bearer " + token + "x"));
    }

    @Test
    void anExpiredTokenIsNotFound() {
        assertNull(recent.findBearer(bytes("Bearer " + token), 0, token.length() + 7, Instant.now().plusSeconds(601)));
    }

    private Identity findBearer(String header) {
        byte[] bytes = bytes(header);
        return recent.findBearer(bytes, 0, bytes.length, Instant.now());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
