package org.ordercast.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenParametersTest {

    @Test
    void oneTokenAndAnyOtherParametersPass() {
        assertNull(TokenParameters.refusal("/api/v1/stream", null));
        assertNull(TokenParameters.refusal("/api/v1/stream", ""));
        assertNull(TokenParameters.refusal("/api/v1/stream", "channel=a&channel=b&access_token=x.y.z"));
        assertNull(TokenParameters.refusal("/ws", "access_token=x.y.z&token=other"), "token is no token on /ws");
        assertNull(TokenParameters.refusal("/socket.io/", "EIO=4&transport=polling&token=x.y.z&t=abc"));
        assertNull(TokenParameters.refusal("/ws/envelope", "token=x%2Ey.z"));
        assertNull(TokenParameters.refusal("/ws", "access_token"), "a name alone is one");
        assertNull(TokenParameters.refusal("/api/v1/stream", "channel=%ZZ&lastEventId=%"),
                "another parameter's encoding is the container's business");
    }

    @Test
    void aTokenGivenTwiceIsRefusedWhateverTheSpellingOfItsName() {
        assertEquals("send one token in the query; this request has 2 (access_token, access_token)",
                TokenParameters.refusal("/api/v1/stream", "access_token=a.b.c&channel=x&access_token=d.e.f"));
        assertTrue(TokenParameters.refusal("/ws", "access_token=a&access%5Ftoken=a").contains("has 2"),
                "the containers decode names");
        assertTrue(TokenParameters.refusal("/ws", "access_token&access_token=").contains("has 2"));
        assertTrue(TokenParameters.refusal("/ws/envelope", "access_token=a&token=b").contains("(access_token, token)"));
        assertTrue(TokenParameters.refusal("/socket.io/", "EIO=4&token=a&token=a&transport=websocket")
                .contains("has 2"));
        assertTrue(TokenParameters.refusal("/api/v1/orders", "access_token=a&access_token=b").contains("has 2"),
                "refused where the URL takes no token at all, too");
    }

    @Test
    void aTokenThatIsNotPercentEncodingIsRefused() {
        assertEquals("access_token is not valid percent-encoding: write each % as %25",
                TokenParameters.refusal("/api/v1/stream", "channel=x&access_token=%ZZ"));
        assertTrue(TokenParameters.refusal("/ws", "access_token=abc%").startsWith("access_token "));
        assertTrue(TokenParameters.refusal("/ws", "access_token=abc%4").startsWith("access_token "));
        assertTrue(TokenParameters.refusal("/ws", "access_token=%\u0663\u0663").startsWith("access_token "),
                "digits of other scripts are no hex digits");
        assertTrue(TokenParameters.refusal("/socket.io/", "token=a%G1").startsWith("token "));
    }

    @Test
    void decodingIsAContainersQueryDecoding() {
        assertEquals("a b.c", TokenParameters.decoded("a+b%2Ec", 0, 7));
        assertEquals("access_token", TokenParameters.decoded("x=access%5Ftoken", 2, 16));
        assertNull(TokenParameters.decoded("a%2", 0, 3));
    }
}
