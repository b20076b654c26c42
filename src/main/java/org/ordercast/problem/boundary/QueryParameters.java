package org.ordercast.problem.boundary;

import jakarta.ws.rs.BadRequestException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Query parameters taken as text and read here: JAX-RS answers a value it cannot convert to an {@code int},
 * {@code long} or {@code boolean} parameter with a bare 404, as if the resource did not exist. Read here, a value of
 * the wrong kind is a 400 problem that names the parameter and what it takes; the resource then checks the range.
 * Where a query string is read by hand, {@link #decode} decodes its names and values.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The parameter as an {@code int}, {@code otherwise} when it is absent or empty. */
    public static int integer(String name, String value, int otherwise) {
        return value == null || value.isEmpty() ? otherwise : (int) whole(name, value, 32);
    }

    /** The parameter as a {@code long}, null when it is absent or empty. */
    public static Long integer(String name, String value) {
        return value == null || value.isEmpty() ? null : whole(name, value, 64);
    }

    /** {@code true} or {@code false} in any case, {@code otherwise} when it is absent or empty. */
    public static boolean bool(String name, String value, boolean otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new BadRequestException("query parameter '" + name + "' must be true or false");
    }

    private static long whole(String name, String value, int bits) {
        if (!value.matches("[+-]?[0-9]+")) {
            throw new BadRequestException("query parameter '" + name + "' must be an integer");
        }
        var number = new BigInteger(value);
        if (number.bitLength() >= bits) {
            throw new BadRequestException("query parameter '" + name + "' must fit in " + bits + " bits");
        }
        return number.longValue();
    }

    /**
     * A name or value of a query string, percent-decoded as UTF-8 with {@code +} as a space, as a container decodes
     * one; the text itself when there is nothing to decode.
     *
     * @throws IllegalArgumentException where a {@code %} is not followed by two ASCII hex digits (the JDK's decoder
     *                                  also takes the digits of other scripts)
     */
    public static String decode(String text) {
        int escape = text.indexOf('%');
        if (escape < 0 && text.indexOf('+') < 0) {
            return text;
        }
        for (; escape >= 0; escape = text.indexOf('%', escape + 3)) {
            if (escape + 2 >= text.length() || hex(text.charAt(escape + 1)) < 0 || hex(text.charAt(escape + 2)) < 0) {
                throw new IllegalArgumentException("a malformed escape at " + escape);
            }
        }
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The value of an ASCII hex digit; -1 for any other character. */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
