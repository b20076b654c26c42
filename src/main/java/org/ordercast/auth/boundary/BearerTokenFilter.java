package org.ordercast.auth.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.problem.boundary.Problems;

/**
 * Authenticates every REST request with {@link TokenVerifier}, the verifier of the WebSocket path, so that a token
 * gets the same answer everywhere. The container's MP-JWT is not involved: it refused bad tokens with an HTML page
 * before any of this ran, and accepted some that this verifier refuses. A refused token gets 401 problem+json with
 * an RFC 6750 challenge. The identity is left in the request property {@link RequestIdentity#VERIFIED} (for
 * {@link RolesFeature} and the resources) and as the request's {@code SecurityContext}. Tokens in the URL
 * are refused here: they end up in logs and browser history, and every REST client can send a header (only the
 * SSE stream and the WebSocket upgrade, which are not JAX-RS resources, take {@code access_token}).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    TokenVerifier verifier;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!TokenVerifier.isBearer(authorization)) {
            if (request.getUriInfo().getQueryParameters().containsKey("access_token")) {
                request.abortWith(Problems.invalidToken("send the token in an Authorization: Bearer header; "
                        + "access_token in the URL is accepted only by /api/v1/stream and /ws"));
            }
            return;
        }
        try {
            Identity who = verifier.verifyBearer(authorization);
            request.setProperty(RequestIdentity.VERIFIED, who);
            request.setSecurityContext(new IdentityContext(who, request.getSecurityContext().isSecure()));
        } catch (InvalidTokenException e) {
            request.abortWith(e.unverifiable() ? Problems.tokenUnverifiable(e.getMessage())
                    : Problems.invalidToken(e.getMessage()));
        }
    }
}
