package org.ordercast.auth.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The bearer token a request carries in its query, checked before anything reads it. Each path takes one token
 * parameter at most: {@code access_token} (the stream and the WebSocket upgrades), and on Socket.IO and
 * {@code /ws/envelope} also {@code token}. The containers take the first of two parameters of one name, and drop
 * a parameter whose value is not percent-encoding: so {@code ?access_token=A&access_token=B} was served as A's user
 * while a proxy or a log reader may take B, and {@code ?access_token=%ZZ} was served as anonymous instead of
 * refused. Both are RFC 6750's {@code invalid_request} now. Names are compared decoded, as the containers decode
 * them ({@code access%5Ftoken} is {@code access_token}).
 */
public final class TokenParameters {

    private static final String ACCESS_TOKEN = "access_token";
    private static final String TOKEN = "token";

    private TokenParameters() {
    }

    /**
     * Why a request to this path (below the context root, from its {@code /}) with this raw query is refused: its
     * token is given more than once, or cannot be decoded; null for a query without those faults.
     */
    public static String refusal(String path, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        boolean takesToken = path.startsWith("/socket.io/") || path.equals("/ws/envelope");
        List<String> given = new ArrayList<>(2);
        int from = 0;
        while (from <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', from);
            if (end < 0) {
                end = rawQuery.length();
            }
            int equals = rawQuery.indexOf('=', from);
            int nameEnd = equals < 0 || equals > end ? end : equals;
            String name = decoded(rawQuery, from, nameEnd);
            if (ACCESS_TOKEN.equals(name) || takesToken && TOKEN.equals(name)) {
                given.add(name);
                if (nameEnd < end && decoded(rawQuery, nameEnd + 1, end) == null) {
                    return name + " is not valid percent-encoding: write each % as %25";
                }
            }
            from = end + 1;
        }
        return given.size() < 2 ? null
                : "send one token in the query; this request has " + given.size() + " (" + String.join(", ", given)
                        + ")";
    }

    /**
     * {@code query[from, to)} percent-decoded, with {@code +} as a space, as a container decodes a query; the
     * characters as they are when there is nothing to decode; null when a {@code %} is not followed by two hex digits.
     * Bytes above 0x7F are taken as Latin-1: only the ASCII names and a token's validity matter here.
     */
    static String decoded(String query, int from, int to) {
        int percent = query.indexOf('%', from);
        int plus = query.indexOf('+', from);
        if ((percent < 0 || percent >= to) && (plus < 0 || plus >= to)) {
            return query.substring(from, to);
        }
        var text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = query.charAt(i);
            if (c == '%') {
                int high = i + 2 < to ? hex(query.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hex(query.charAt(i + 2));
                if (low < 0) {
                    return null;
                }
                text.append((char) (high << 4 | low));
                i += 2;
            } else {
                text.append(c == '+' ? ' ' : c);
            }
        }
        return text.toString();
    }

    /** The value of an ASCII hex digit; -1 for any other character (also the digits of other scripts). */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
