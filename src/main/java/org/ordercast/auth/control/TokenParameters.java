package org.ordercast.auth.control;

import java.util.ArrayList;
import java.util.List;
import org.ordercast.problem.boundary.QueryParameters;

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

    /** {@code query[from, to)} decoded ({@link QueryParameters#decode}); null when it cannot be. */
    static String decoded(String query, int from, int to) {
        try {
            return QueryParameters.decode(query.substring(from, to));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
