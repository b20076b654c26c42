package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a Tyrus session forget the bearer token its client sent in the upgrade's query, once the endpoint has read
 * it. Tyrus keeps the token for as long as the connection lives, four times over: in the session's query string,
 * its request URI, its parameter map and its path parameters (into which it copies the query's parameters). With a
 * 700-character token that is 2.8 KB of every idle connection's heap, and a heap dump would show every connected
 * user's token. Afterwards the session answers {@code getQueryString}, {@code getRequestURI},
 * {@code getRequestParameterMap} and {@code getPathParameters} as if the client had not sent those parameters.
 *
 * <p>It also gives the session a request URI shared with every other session of the same one: Tyrus builds a new
 * {@code URI} for every session (from the server's address and port and the request's path and query), which with
 * the strings of its parts held 0.3 KB of every connection's heap for a value that connections to the same
 * endpoint have in common. Only URIs without a query are shared, at most {@value #SHARED_URIS} distinct ones; beyond
 * them a session keeps its own. Where the session is not Tyrus's, or its fields are not as expected, nothing
 * changes.
 */
public final class QueryTokens {

    private static final System.Logger LOG = System.getLogger(QueryTokens.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    private static volatile boolean unavailable;
    /** TyrusSession's requestURI, queryString, requestParameterMap and pathParameters, looked up once. */
    private static volatile Field[] fields;
    private static final int SHARED_URIS = 1024;
    /** The request URIs sessions share, each its own key. */
    private static final ConcurrentHashMap<URI, URI> SHARED = new ConcurrentHashMap<>();

    private QueryTokens() {
    }

    /**
     * Drops the query parameters of these names from what the session keeps of its upgrade request, and shares its
     * request URI.
     */
    public static void forget(Session session, Set<String> parameters) {
        if (unavailable) {
            return;
        }
        try {
            Field[] found = fields(session.getClass());
            URI own = session.getRequestURI();
            if (!Collections.disjoint(session.getRequestParameterMap().keySet(), parameters)) {
                String query = without(session.getQueryString(), parameters);
                String uri = own.toString();
                int mark = uri.indexOf('?');
                String rawQuery = without(own.getRawQuery(), parameters);
                // a WebSocket URI has no fragment (RFC 6455, 3), so the query runs to the end
                own = URI.create((mark < 0 ? uri : uri.substring(0, mark)) + (rawQuery == null ? "" : "?" + rawQuery));
                found[1].set(session, query);
                found[2].set(session, without(session.getRequestParameterMap(), parameters));
                found[3].set(session, without(session.getPathParameters(), parameters));
            }
            // a query is the client's own (a Socket.IO session's id, a resume cursor): only bare URIs are shared
            URI kept = own.getRawQuery() == null ? shared(own) : own;
            if (kept != session.getRequestURI()) {
                found[0].set(session, kept);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            // not Tyrus (WildFly, Open Liberty) is expected; anything else is worth a line in the log
            LOG.log(e instanceof ClassNotFoundException ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                    "sessions keep the tokens of their upgrade's query: " + e);
        }
    }

    /** The URI equal to {@code uri} that sessions share, or {@code uri} itself once as many as allowed are. */
    private static URI shared(URI uri) {
        URI shared = SHARED.get(uri);
        if (shared == null && SHARED.size() < SHARED_URIS) {
            shared = SHARED.putIfAbsent(uri, uri);
        }
        return shared != null ? shared : uri;
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
