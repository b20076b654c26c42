package org.ordercast.problem.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void readsOneValueWithWhitespaceAroundIt() {
        assertEquals("{\"a\":[1,true,null,\"x\",{\"b\":{}}],\"c\":\"\",\"\":2.5}",
                StrictJson.read(" \n{\"a\":[1,true,null,\"x\",{\"b\":{}}],\"c\":\"\",\"\":2.5}\r\n\t").toString());
        assertEquals("\"x\"", StrictJson.read("\"x\"").toString());
        assertEquals("[]", StrictJson.read("[]").toString());
    }

    @Test
    void refusesContentAfterTheValue() {
        // the column of the first character after the value
        assertEquals("unexpected input at line 1, column 21", refusal("{\"channel\":\"store\"} junk"));
        assertEquals("unexpected input at line 1, column 20", refusal("{\"channel\":\"store\"}{\"a\":1}"));
        assertEquals("unexpected input at line 1, column 4", refusal("[1]]"));
    }

    @Test
    void refusesAKeyGivenTwiceAtAnyDepth() {
        assertEquals("key 'channel' appears twice in one object at line 1, column 37",
                refusal("{\"channel\":\"a\",\"event\":\"e\",\"channel\":\"b\"}"));
        // the column just after the second key
        assertEquals("key 'b' appears twice in one object at line 1, column 17",
                refusal("{\"a\":[{\"b\":1,\"b\":2}]}"));
        assertEquals("key 'x' appears twice in one object at line 1, column 11", refusal("{\"x\":1,\"x\":1}"));
    }

    @Test
    void refusesNestingBeyondItsLimitBeforeTheProvidersOwn() {
        int limit = StrictJson.MAX_DEPTH;
        assertEquals(limit * 2, StrictJson.read("[".repeat(limit) + "]".repeat(limit)).toString().length());
        assertEquals("nested more than " + limit + " levels at line 1, column " + (limit + 2),
                refusal("[".repeat(limit + 1) + "]".repeat(limit + 1)));
        assertEquals("nested more than " + limit + " levels at line 1, column " + (limit + 2),
                refusal("[".repeat(50_000) + "]".repeat(50_000)));
    }

    @Test
    void refusesWhatIsNotJson() {
        assertEquals("there is no value", refusal(" "));
        assertEquals("there is no value", refusal(""));
        // where the provider's parser stopped, which may differ between its versions
        for (String text : new String[] {"not json", "{\"a\":1,", "{\"a\":}", "{'a':1}", "[1,]", "\"\\x\""}) {
            assertTrue(refusal(text).startsWith("unexpected input at line 1, column "), text);
        }
    }

    private static String refusal(String text) {
        return assertThrows(JsonException.class, () -> StrictJson.read(text)).getMessage();
    }
}
