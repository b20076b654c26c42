package org.ordercast.problem.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
    void refusesHalfOfASurrogatePairInAStringOrAKey() {
        // escapes as a client writes them: JSON's grammar allows these, but none of them is a character
        assertEquals("a string holds half of a surrogate pair (\\ud800) without the other at line 1, column 19",
                refusal("{\"data\":\"a\\ud800b\"}"));
        assertEquals("a string holds half of a surrogate pair (\\udc00) without the other at line 1, column 10",
                refusal("{\"\\udc00\":1}"));
        assertEquals("a string holds half of a surrogate pair (\\ud83c) without the other at line 1, column 10",
                refusal("[\"\\ud83c\",1]"));
        // a pair, escaped or not, is one character
        JsonValue cake = StrictJson.read("\"\\ud83c\\udf70\uD83C\uDF70\"");
        assertEquals("\uD83C\uDF70\uD83C\uDF70", ((JsonString) cake).getString());
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
