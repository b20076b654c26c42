package org.ordercast.realtime.boundary;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ordercast.problem.boundary.QueryParameters;
import org.ordercast.realtime.sendpath.PlainUpgrade;

/**
 * A WebSocket upgrade whose parameters come from its query string, decoded here rather than by the container. The
 * upgrade has no body, so the query is all there is; the WebSocket runtime reads the whole parameter map on every
 * upgrade. Payara keeps an upgrade's request for as long as its connection lives, with what its parameter parser
 * left in it: the decoding buffers sized to the longest value (a token in the query), the map and its strings,
 * about 2 KiB of heap per idle connection. This map holds only the decoded parameters.
 *
 * <p>Names and values are decoded as UTF-8, {@code +} as a space. A pair with a malformed escape is left out, as
 * the containers do; a name without {@code =} has the empty value.
 *
 * <p>On Payara the upgrade itself skips the container's CDI creation of the WebSocket runtime's upgrade handler
 * ({@link PlainUpgrade}); elsewhere the container upgrades as usual.
 */
final class UpgradeRequest extends HttpServletRequestWrapper {

    private Map<String, String[]> parameters;

    UpgradeRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> type) throws IOException, ServletException {
        T handler = PlainUpgrade.upgrade(getRequest(), type);
        return handler != null ? handler : super.upgrade(type);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        if (parameters == null) {
            parameters = Collections.unmodifiableMap(parse(getQueryString()));
        }
        return parameters;
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    /** Whether the request's URI, query included, parses as a URI, as the WebSocket runtimes need it to. */
    static boolean wellFormed(HttpServletRequest request) {
        String query = request.getQueryString();
        try {
            URI.create(query == null ? request.getRequestURI() : request.getRequestURI() + '?' + query);
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    static Map<String, String[]> parse(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> collected = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                collected.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            } catch (IllegalArgumentException malformed) {
                // a broken escape: the pair is dropped, the others are kept
            }
        }
        Map<String, String[]> parameters = new LinkedHashMap<>(collected.size() * 2);
        collected.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        return parameters;
    }

    private static String decode(String text) {
        return QueryParameters.decode(text);
    }
}
