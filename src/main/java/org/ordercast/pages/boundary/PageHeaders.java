package org.ordercast.pages.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A Content-Security-Policy the pages satisfy (everything from this origin, WebSocket and fetch back to it, no
 * inline script or style, no framing), and {@code nosniff}, on every response: an injected script or a page framed
 * by another site finds nothing to run.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeaders extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        String sockets = host == null || host.isBlank() || host.contains(" ") || host.contains(";")
                ? "" : " ws://" + host + " wss://" + host;
        response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'" + sockets + "; object-src 'none'; base-uri 'self'; "
                + "form-action 'self'; frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
