package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Lets a Tyrus session forget the bearer token its client sent in the upgrade's query, once the endpoint has read
 * it. Tyrus keeps the token for as long as the connection lives, four times over: in the session's query string,
 * its request URI, its parameter map and its path parameters (into which it copies the query's parameters). With a
 * 700-character token that is 2.8 KB of every idle connection's heap, and a heap dump would show every connected
 * user's token. Afterwards the session answers {@code getQueryString}, {@code getRequestURI},
 * {@code getRequestParameterMap} and {@code getPathParameters} as if the client had not sent those parameters.
 * Where the session is not Tyrus's, or its fields are not as expected, nothing changes.
 */
public final class QueryTokens {

    private static final System.Logger LOG = System.getLogger(QueryTokens.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    private static volatile boolean unavailable;
    /** TyrusSession's requestURI, queryString, requestParameterMap and pathParameters, looked up once. */
    private static volatile Field[] fields;

    private QueryTokens() {
    }

    /** Drops the query parameters of these names from what the session keeps of its upgrade request. */
    public static void forget(Session session, Set<String> parameters) {
        if (unavailable || Collections.disjoint(session.getRequestParameterMap().keySet(), parameters)) {
            return;
        }
        try {
            Field[] found = fields(session.getClass());
            String query = without(session.getQueryString(), parameters);
            String uri = session.getRequestURI().toString();
            int mark = uri.indexOf('?');
            String rawQuery = without(session.getRequestURI().getRawQuery(), parameters);
            // a WebSocket URI has no fragment (RFC 6455, 3), so the query runs to the end
            found[0].set(session, URI.create((mark < 0 ? uri : uri.substring(0, mark))
                    + (rawQuery == null ? "" : "?" + rawQuery)));
            found[1].set(session, query);
            found[2].set(session, without(session.getRequestParameterMap(), parameters));
            found[3].set(session, without(session.getPathParameters(), parameters));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            // not Tyrus (WildFly, Open Liberty) is expected; anything else is worth a line in the log
            LOG.log(e instanceof ClassNotFoundException ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                    "sessions keep the tokens of their upgrade's query: " + e);
        }
    }

    private static Field[] fields(Class<?> type) throws ReflectiveOperationException {
        Field[] found = fields;
        if (found == null) {
            Class<?> session = TyrusHandlers.ancestor(type, TYRUS_SESSION);
            if (session == null) {
                throw new ClassNotFoundException("not a Tyrus session: " + type.getName());
            }
            found = new Field[4];
            String[] names = {"requestURI", "queryString", "requestParameterMap", "pathParameters"};
            for (int i = 0; i < names.length; i++) {
                found[i] = TyrusHandlers.accessible(session.getDeclaredField(names[i]));
            }
            fields = found;
        }
        return found;
    }

    /** The query without those parameters (by their undecoded names); null if nothing is left. */
    static String without(String query, Set<String> parameters) {
        if (query == null) {
            return null;
        }
        var kept = new StringJoiner("&");
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (!pair.isEmpty() && !parameters.contains(equals < 0 ? pair : pair.substring(0, equals))) {
                kept.add(pair);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    /** An unmodifiable copy without those keys; {@code Map.of()} when none is left, as with a query of tokens only. */
    private static <V> Map<String, V> without(Map<String, V> map, Set<String> keys) {
        var kept = new HashMap<>(map);
        kept.keySet().removeAll(keys);
        return kept.isEmpty() ? Map.of() : Collections.unmodifiableMap(kept);
    }
}
