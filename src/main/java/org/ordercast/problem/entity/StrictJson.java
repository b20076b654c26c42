package org.ordercast.problem.entity;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON text from a client, refusing what a JSON-P reader lets through: content after the value
 * ({@code {"channel":"store:7"} junk} read as the object alone), a key given twice in one object (read as its
 * last value, so a gateway that checks the first and ordercast, which acts on the last, would disagree about what a
 * request asks), and a string with half of a surrogate pair (published as {@code ?}). Nesting is bounded here, the
 * same on every server, below the JSON-P providers' own limits.
 * Every refusal is a {@link JsonException} whose message says what is wrong and where, to follow "is not valid JSON: ".
 */
public final class StrictJson {

    /** Deeper input is refused; below Parsson's 1,000, so that this check, and its message, comes first. */
    public static final int MAX_DEPTH = 500;

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

    private StrictJson() {
    }

    /**
     * The one JSON value {@code text} holds, with nothing but whitespace around it. A refusal's location is where the
     * parser stood: on the unexpected character, or just after the key or bracket refused.
     */
    public static JsonValue read(String text) {
        if (text.isBlank()) {
            throw new JsonException("there is no value");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            JsonValue value = value(parser, parser.next(), 1);
            if (parser.hasNext()) {
                throw refused("more follows the value", parser.getLocation());
            }
            return value;
        } catch (JsonException e) {
            throw e instanceof JsonParsingException parsing ? refused("unexpected input", parsing.getLocation()) : e;
        } catch (RuntimeException e) {
            // what a provider throws beside JsonException for input it cannot read
            throw new JsonException("unreadable input");
        }
    }

    private static JsonValue value(JsonParser parser, JsonParser.Event event, int depth) {
        return switch (event) {
            case START_OBJECT -> object(parser, depth);
            case START_ARRAY -> array(parser, depth);
            case VALUE_STRING -> {
                JsonValue string = parser.getValue();
                checkCharacters(parser, ((JsonString) string).getString());
                yield string;
            }
            case VALUE_NUMBER, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> parser.getValue();
            default -> throw refused("unexpected input", parser.getLocation());
        };
    }

    private static JsonValue object(JsonParser parser, int depth) {
        checkDepth(parser, depth);
        JsonObjectBuilder object = PROVIDER.createObjectBuilder();
        Set<String> keys = null;
        String only = null;
        for (JsonParser.Event event; (event = parser.next()) != JsonParser.Event.END_OBJECT; ) {
            String key = parser.getString();
            checkCharacters(parser, key);
            // most objects a client sends are small: a set only from the second key on
            if (only == null && keys == null) {
                only = key;
            } else {
                if (keys == null) {
                    keys = new HashSet<>();
                    keys.add(only);
                }
                if (!keys.add(key)) {
                    throw refused("key '" + clip(key) + "' appears twice in one object", parser.getLocation());
                }
            }
            object.add(key, value(parser, parser.next(), depth + 1));
        }
        return object.build();
    }

    private static JsonValue array(JsonParser parser, int depth) {
        checkDepth(parser, depth);
        JsonArrayBuilder array = PROVIDER.createArrayBuilder();
        for (JsonParser.Event event; (event = parser.next()) != JsonParser.Event.END_ARRAY; ) {
            array.add(value(parser, event, depth + 1));
        }
        return array.build();
    }

    /**
     * Refuses a string with half of a surrogate pair alone ({@code "\\ud800"}): JSON's grammar allows the escape, but
     * it is no character, and UTF-8 has no way to write it, so it reached subscribers as {@code ?} (RFC 7493, 2.1).
     */
    private static void checkCharacters(JsonParser parser, String string) {
        for (int i = 0, n = string.length(); i < n; i++) {
            char c = string.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(string.charAt(i + 1))) {
                    i++;
                } else {
                    throw refused("a string holds half of a surrogate pair (\\u" + Integer.toHexString(c)
                            + ") without the other", parser.getLocation());
                }
            }
        }
    }

    private static void checkDepth(JsonParser parser, int depth) {
        if (depth > MAX_DEPTH) {
            throw refused("nested more than " + MAX_DEPTH + " levels", parser.getLocation());
        }
    }

    private static JsonException refused(String what, JsonLocation at) {
        return new JsonException(at == null || at.getColumnNumber() < 0 ? what
                : what + " at line " + at.getLineNumber() + ", column " + at.getColumnNumber());
    }

    private static String clip(String key) {
        return key.length() <= 40 ? key : key.substring(0, 40) + "...";
    }
}
