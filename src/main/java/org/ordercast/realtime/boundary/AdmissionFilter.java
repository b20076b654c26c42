package org.ordercast.realtime.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.realtime.control.AddressLimiter;
import org.ordercast.realtime.control.BodyWaits;
import org.ordercast.realtime.control.ClientAddresses;

/**
 * Decides before anything else runs whether a request may come in at all. A browser {@code Origin} must be this
 * server's own or listed in {@code ordercast.cors.origins} (403 otherwise), so a page on another site cannot open
 * a socket or call the API with a user's credentials; listed origins get CORS headers and preflight answers. New
 * WebSocket connections and SSE streams count against the per-address limit (429 with {@code Retry-After}), by the
 * client's address as {@link ClientAddresses} finds it behind trusted proxies, and an upgrade hands that address to
 * its WebSocket session ({@link UpgradeToken}), for the seat a connection not signed in holds. A request's body is
 * read through {@link BodyWaits}, which bounds the threads waiting for bodies still on their way. An
 * {@code Upgrade: h2c} offer that is answered in HTTP/1.1 is answered with {@code Connection: close}.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class AdmissionFilter extends HttpFilter {

    private static final Pattern SLASHES = Pattern.compile("/{2,}");
    private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.(?=/|$)");

    /** Room for a whole answer to an h2c offer the server declines, so that it goes out with its length. */
    private static final int DECLINED_H2C_BUFFER_BYTES = 256 * 1024;

    private static final System.Logger LOG = System.getLogger(AdmissionFilter.class.getName());

    @Inject
    AddressLimiter addresses;

    @Inject
    ClientAddresses clients;

    @Inject
    BodyWaits bodyWaits;

    @Inject
    Metrics metrics;

    @Inject
    @ConfigProperty(name = "ordercast.cors.origins")
    Optional<String> allowedOrigins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && declinedH2c(request, upgrade)) {
            // Payara, its h2c off (server-config/payara), answers an upgrade it does not take without length or
            // chunks, ends the body by closing the connection, and does not say so: Java's HttpClient, which offers
            // h2c by default, sent its next request into the closed socket. A streamed answer also lost its
            // Content-Type; one that fits the buffer gets its length, and its Content-Type with it.
            response.setHeader("Connection", "close");
            response.setBufferSize(DECLINED_H2C_BUFFER_BYTES);
        }
        if ("websocket".equalsIgnoreCase(upgrade)) {
            if (!UpgradeRequest.wellFormed(request)) {
                // the WebSocket runtime would fail on it after answering 101, and leave the socket open
                metrics.refused("malformed", "an upgrade of " + request.getRequestURI() + " with a malformed query");
                refuse(response, 400, "the request's query is not a well-formed URI query");
                return;
            }
            request = new UpgradeRequest(request);
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(request, origin)) {
            if (!allowed().contains(origin) && !allowed().contains("*")) {
                metrics.refused("origin", origin + " for " + request.getRequestURI());
                refuse(response, 403, "origin " + origin + " is not allowed (ordercast.cors.origins)");
                return;
            }
            cors(response, origin);
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                response.setStatus(204);
                return;
            }
        }
        if (opensConnection(request)) {
            String client = clients.of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
            if (!addresses.admit(client)) {
                metrics.refused("rate", "too many connections from " + client);
                response.setHeader("Retry-After", String.valueOf(addresses.retryAfterSeconds(client)));
                refuse(response, 429, "too many new connections from " + client + " in the last minute");
                return;
            }
            if (request instanceof UpgradeRequest) {
                // the WebSocket runtime shakes hands on this thread: UpgradeToken hands the address to the session
                UpgradeToken.CLIENT.set(client);
                try {
                    chain.doFilter(request, response);
                } finally {
                    UpgradeToken.CLIENT.remove();
                }
                return;
            }
        }
        chain.doFilter(BodyWaits.mayHaveBody(request) ? bodyWaits.watched(request) : request, response);
    }

    /**
     * Whether the request opens a connection: any WebSocket upgrade, the SSE stream, or a Socket.IO handshake. The path is the one the
     * container matched, decoded and without path parameters ({@code /ws;x=1}, {@code /api/v1/stream/} and
     * {@code //api/v1/stream} are the same connections as {@code /ws} and {@code /api/v1/stream}), never the raw URI.
     */
    static boolean opensConnection(HttpServletRequest request) {
        String path = normalised(request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo()));
        boolean socketIo = path.equals("/socket.io");
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            // a Socket.IO polling session upgrading to WebSocket was counted at its handshake
            return !(socketIo && request.getParameter("sid") != null);
        }
        return path.equals("/api/v1/stream")
                || socketIo && "GET".equals(request.getMethod()) && request.getParameter("sid") == null;
    }

    /** Whether the request offers HTTP/2 in clear text ({@code Upgrade: h2c}) and is served in HTTP/1.1 anyway. */
    static boolean declinedH2c(HttpServletRequest request, String upgrade) {
        if (!"HTTP/1.1".equals(request.getProtocol())) {
            return false;
        }
        for (String protocol : upgrade.split(",")) {
            if ("h2c".equalsIgnoreCase(protocol.strip())) {
                return true;
            }
        }
        return false;
    }

    static String normalised(String path) {
        if (!path.contains("//") && !path.contains("/.") && (path.length() < 2 || !path.endsWith("/"))) {
            return path;   // the usual case, without a regular expression per request
        }
        String collapsed = SLASHES.matcher(path).replaceAll("/");
        collapsed = DOT_SEGMENT.matcher(collapsed).replaceAll("");
        return collapsed.length() > 1 && collapsed.endsWith("/")
                ? normalised(collapsed.substring(0, collapsed.length() - 1)) : collapsed;
    }

    private static boolean sameOrigin(HttpServletRequest request, String origin) {
        String host = request.getHeader("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private Set<String> allowed() {
        return allowedOrigins.map(list -> Stream.of(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet())).orElse(Set.of());
    }

    private static void cors(HttpServletResponse response, String origin) {
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.addHeader("Vary", "Origin");
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID, If-None-Match");
        response.setHeader("Access-Control-Expose-Headers", "ETag, Retry-After, Location");
        response.setHeader("Access-Control-Max-Age", "600");
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        Problems.write(response, status, detail);
    }
}
