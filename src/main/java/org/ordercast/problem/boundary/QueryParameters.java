package org.ordercast.problem.boundary;

import jakarta.ws.rs.BadRequestException;
import java.math.BigInteger;

/**
 * Query parameters taken as text and read here: JAX-RS answers a value it cannot convert to an {@code int},
 * {@code long} or {@code boolean} parameter with a bare 404, as if the resource did not exist. Read here, a value of
 * the wrong kind is a 400 problem that names the parameter and what it takes; the resource then checks the range.
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
}
