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
import org.ordercast.auth.control.TokenParameters;
import org.ordercast.problem.boundary.Problems;

/**
 * Refuses, on every path, a request whose bearer token is ambiguous, with 400 and RFC 6750's {@code invalid_request}:
 * <ul>
 * <li>more than one {@code Authorization} header. Servlets read the first of them and JAX-RS all of them joined by
 * commas: one and the same request was served as its first token's user by the publish endpoint and refused by the
 * other endpoints as "not a well-formed signed JWT", and a proxy that reads the last would see yet another caller;</li>
 * <li>more than one token parameter in the query, or one that cannot be decoded ({@link TokenParameters}).</li>
 * </ul>
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class OneCredentialFilter extends HttpFilter {

    @Inject
    RequestIdentity identities;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (identities.repeatsAuthorization(request)) {
            Problems.writeInvalidRequest(response, "send one Authorization header; this request has several");
            return;
        }
        String query = request.getQueryString();
        if (query != null) {
            String path = request.getPathInfo() == null ? request.getServletPath()
                    : request.getServletPath() + request.getPathInfo();
            String refusal = TokenParameters.refusal(path, query);
            if (refusal != null) {
                Problems.writeInvalidRequest(response, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
