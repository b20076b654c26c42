package org.ordercast.realtime.sendpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryTokensTest {

    private static final Set<String> TOKENS = Set.of("access_token", "token");

    @Test
    void dropsTheNamedParametersAndKeepsTheRestInOrder() {
        assertEquals("since=4-2&channel=orders:eu",
                QueryTokens.without("access_token=eyJ.a.b&since=4-2&token=x&channel=orders:eu", TOKENS));
    }

    @Test
    void aQueryOfTokensOnlyBecomesNone() {
        assertNull(QueryTokens.without("access_token=eyJ.a.b", TOKENS));
        assertNull(QueryTokens.without("token=&access_token", TOKENS));
        assertNull(QueryTokens.without(null, TOKENS));
    }

    @Test
    void matchesWholeNamesOnly() {
        assertEquals("access_token_hint=1&xtoken=2&access_tokens=3",
                QueryTokens.without("access_token_hint=1&xtoken=2&access_tokens=3", TOKENS));
    }

    @Test
    void emptyPairsAreDropped() {
        assertEquals("a=1&b=2", QueryTokens.without("&a=1&&access_token=t&b=2&", TOKENS));
    }
}
