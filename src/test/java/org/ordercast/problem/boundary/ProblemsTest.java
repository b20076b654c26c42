package org.ordercast.problem.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void aMethodIsServedOnlyWhenItIsOneOfTheAllowedNamesWhole() {
        assertTrue(Problems.lists("POST, OPTIONS", "POST"));
        assertTrue(Problems.lists("GET, HEAD, OPTIONS", "HEAD"));
        assertTrue(Problems.lists("GET, HEAD, OPTIONS", "OPTIONS"));
        for (String method : new String[] {"OST", "POS", "PUT", "get", "OPTION", "S", "TIONS"}) {
            assertFalse(Problems.lists("POST, GET, HEAD, OPTIONS", method), method);
        }
        assertFalse(Problems.lists("GET, OPTIONS", "POST"));
    }
}
