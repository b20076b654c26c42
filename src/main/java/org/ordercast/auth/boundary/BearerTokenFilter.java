package org.ordercast.auth.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.problem.boundary.Problems;

/**
 * Holds every bearer token of the REST API to the same rules as the WebSocket path. The container's MP-JWT has
 * already authenticated the request, but Payara, for one, accepts a token whose {@code nbf} lies in the future;
 * this filter refuses what {@link TokenVerifier} refuses, with 401, and leaves the verified identity in the
 * request property {@link RequestIdentity#VERIFIED} for {@link RolesAllowedFeature} and the resources, so that
 * each request's token is verified once.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    TokenVerifier verifier;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        try {
            request.setProperty(RequestIdentity.VERIFIED, verifier.verify(authorization.substring(7)));
        } catch (InvalidTokenException e) {
            var refusal = Problems.of(401, e.getMessage());
            refusal.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            request.abortWith(refusal);
        }
    }
}
