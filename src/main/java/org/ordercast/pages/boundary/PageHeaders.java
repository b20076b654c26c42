package org.ordercast.pages.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.ordercast.auth.control.BrowserSignIn;

/**
 * A Content-Security-Policy the pages satisfy (everything from this origin, WebSocket and fetch back to it, no
 * inline script or style, no framing; fetch to the identity provider where pages sign in through it), and {@code nosniff}, on every response: an injected script or a page framed
 * by another site finds nothing to run.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeaders extends HttpFilter {

    @Inject
    BrowserSignIn signIn;

    /** The policy last built, with the Host it was built for: one host serves nearly every request. */
    private volatile Policy last = new Policy(null, null);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        Policy policy = last;
        if (!Objects.equals(policy.host(), host) || policy.header() == null) {
            policy = new Policy(host, policy(host));
            last = policy;
        }
        response.setHeader("Content-Security-Policy", policy.header());
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }

    private String policy(String host) {
        String sockets = host == null || host.isBlank() || host.contains(" ") || host.contains(";")
                ? "" : " ws://" + host + " wss://" + host;
        // the identity provider's discovery document and token endpoint, for browser sign-in
        sockets += signIn.origin().map(origin -> " " + origin).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'" + sockets + "; object-src 'none'; base-uri 'self'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }

    private record Policy(String host, String header) {
    }
}
