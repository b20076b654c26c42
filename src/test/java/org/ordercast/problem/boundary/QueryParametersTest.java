package org.ordercast.problem.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void readsIntegersAndTakesTheDefaultWhenAbsentOrEmpty() {
        assertEquals(100, QueryParameters.integer("limit", null, 100));
        assertEquals(100, QueryParameters.integer("limit", "", 100));
        assertEquals(-7, QueryParameters.integer("limit", "-7", 100));
        assertEquals(Integer.MAX_VALUE, QueryParameters.integer("limit", "+2147483647", 100));
        assertEquals(Integer.MIN_VALUE, QueryParameters.integer("limit", "-2147483648", 100));
        assertNull(QueryParameters.integer("since", null));
        assertEquals(Long.MAX_VALUE, QueryParameters.integer("since", "9223372036854775807"));
        assertEquals(Long.MIN_VALUE, QueryParameters.integer("since", "-9223372036854775808"));
    }

    @Test
    void anIntegerOfTheWrongKindIsABadRequestNamingTheParameter() {
        assertEquals("query parameter 'limit' must be an integer", refused(() -> QueryParameters.integer("limit",
                "ten", 100)));
        for (String text : new String[] {"1.5", "1e3", " 1", "0x10", "+", "-", "١٢"}) {
            assertEquals("query parameter 'wait' must be an integer",
                    refused(() -> QueryParameters.integer("wait", text, 0)), text);
        }
        assertEquals("query parameter 'limit' must fit in 32 bits",
                refused(() -> QueryParameters.integer("limit", "2147483648", 100)));
        assertEquals("query parameter 'since' must fit in 64 bits",
                refused(() -> QueryParameters.integer("since", "9223372036854775808")));
        assertEquals("query parameter 'since' must fit in 64 bits",
                refused(() -> QueryParameters.integer("since", "9".repeat(5000))));
    }

    @Test
    void readsTrueOrFalseInAnyCaseAndNothingElse() {
        assertTrue(QueryParameters.bool("lowStock", "TRUE", false));
        assertFalse(QueryParameters.bool("lowStock", "false", true));
        assertTrue(QueryParameters.bool("lowStock", null, true));
        assertFalse(QueryParameters.bool("lowStock", "", false));
        assertEquals("query parameter 'lowStock' must be true or false",
                refused(() -> QueryParameters.bool("lowStock", "yes", false)));
    }

    private static String refused(Runnable read) {
        return assertThrows(BadRequestException.class, read::run).getMessage();
    }

    @Test
    void decodesAsAContainerDecodesAQuery() {
        assertEquals("access_token", QueryParameters.decode("access_token"));
        assertEquals("café au lait", QueryParameters.decode("caf%C3%A9+au%20lait"));
        assertEquals("x.y.z", QueryParameters.decode("x%2Ey%2ez"));
        for (String malformed : new String[] {"%ZZ", "abc%", "abc%4", "%\u0663\u0663", "a%G1"}) {
            assertThrows(IllegalArgumentException.class, () -> QueryParameters.decode(malformed), malformed);
        }
    }
}
