package org.ordercast.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.NotAuthorizedException;
import java.io.IOException;
import org.ordercast.auth.entity.Identity;
import org.ordercast.problem.boundary.Problems;

/**
 * The identity behind a request. REST requests carry it in the {@code Authorization: Bearer} header, which the
 * REST API's bearer token filter has verified by the time a resource asks; no token is anonymous. The SSE stream
 * also takes an {@code access_token} query parameter, since {@code EventSource} cannot send headers.
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

    /** The caller of the current REST request, or anonymous. */
    public Identity of() {
        return request.getAttribute(VERIFIED) instanceof Identity verified ? verified : Identity.anonymous();
    }

    /** As {@link #of}, but a signed-in user is required. */
    public Identity user() {
        Identity who = of();
        if (who.isAnonymous()) {
            throw new NotAuthorizedException(Problems.of(401, "sign in: send a bearer token"));
        }
        return who;
    }

    /** The caller of a stream request: the {@code Authorization} header, else {@code access_token}; none, anonymous. */
    public Identity ofStream(HttpServletRequest stream) throws InvalidTokenException {
        String token = bearerOr(stream.getHeader("Authorization"), stream.getParameter("access_token"));
        return token == null ? Identity.anonymous() : verify(token);
    }

    /** The identity of a bearer token a servlet took from its request. */
    public Identity verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }

    /** The identity of the request's bearer token if it was verified lately ({@link TokenVerifier#verifiedBefore}). */
    public Identity verifiedBefore(HttpServletRequest request) {
        return verifier.verifiedBefore(request);
    }

    /** Whether the request has more than one {@code Authorization} header ({@link TokenVerifier#repeatsAuthorization}). */
    public boolean repeatsAuthorization(HttpServletRequest request) {
        return verifier.repeatsAuthorization(request);
    }

    /** The identity of the token of an {@code Authorization: Bearer} header ({@link TokenVerifier#verifyBearer}). */
    public Identity verifyBearer(String authorization) throws InvalidTokenException {
        return verifier.verifyBearer(authorization);
    }

    /** A token a servlet could not accept: 503 with {@code Retry-After} if it could not be checked now, else 401. */
    public static void refuse(HttpServletResponse response, InvalidTokenException refused) throws IOException {
        if (refused.unverifiable()) {
            Problems.writeTokenUnverifiable(response, refused.getMessage());
        } else {
            Problems.writeInvalidToken(response, refused.getMessage());
        }
    }

    /** The token of an {@code Authorization: Bearer} header, else {@code fallback} (a query parameter's). */
    public static String bearerOr(String authorization, String fallback) {
        return TokenVerifier.isBearer(authorization)
                ? authorization.substring(TokenVerifier.BEARER.length()).strip() : fallback;
    }
}
