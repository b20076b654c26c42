package org.ordercast.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.ordercast.auth.entity.Identity;
import org.ordercast.problem.boundary.Problems;

/**
 * The identity behind a REST request of the fallback transports: the {@code Authorization: Bearer} header, or an
 * {@code access_token} query parameter for {@code EventSource}, which cannot set headers. No token: anonymous.
 */
@ApplicationScoped
public class RequestIdentity {

    /**
     * The request attribute (a JAX-RS request property in a servlet container) under which the REST API's bearer
     * token filter leaves the identity it verified from the {@code Authorization} header.
     */
    public static final String VERIFIED = "org.ordercast.identity";

    @Inject
    TokenVerifier verifier;

    @Inject
    HttpServletRequest request;

    public Identity of(HttpHeaders headers, UriInfo uri) {
        if (request.getAttribute(VERIFIED) instanceof Identity verified) {
            return verified;
        }
        String token = null;
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7);
        } else if (uri.getQueryParameters().containsKey("access_token")) {
            token = uri.getQueryParameters().getFirst("access_token");
        }
        if (token == null) {
            return Identity.anonymous();
        }
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw new NotAuthorizedException(Problems.of(401, e.getMessage()));
        }
    }

    /** As {@link #of}, but a signed-in user is required. */
    public Identity user(HttpHeaders headers, UriInfo uri) {
        Identity who = of(headers, uri);
        if (who.isAnonymous()) {
            throw new NotAuthorizedException(Problems.of(401, "sign in: send a bearer token"));
        }
        return who;
    }
}
