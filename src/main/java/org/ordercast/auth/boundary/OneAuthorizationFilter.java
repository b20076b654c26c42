package org.ordercast.auth.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.problem.boundary.Problems;

/**
 * Refuses a request with more than one {@code Authorization} header, on every path, with 400 and RFC 6750's
 * {@code invalid_request}. Servlets read the first of them and JAX-RS all of them joined by commas: one and the same
 * request was served as its first token's user by the publish endpoint and refused by the other endpoints as "not a
 * well-formed signed JWT", and a proxy that reads the last would see yet another caller.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class OneAuthorizationFilter extends HttpFilter {

    @Inject
    RequestIdentity identities;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (identities.repeatsAuthorization(request)) {
            Problems.writeInvalidRequest(response, "send one Authorization header; this request has several");
            return;
        }
        chain.doFilter(request, response);
    }
}
