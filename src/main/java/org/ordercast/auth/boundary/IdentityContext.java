package org.ordercast.auth.boundary;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.ordercast.auth.entity.Identity;

/** A verified identity as JAX-RS's {@code SecurityContext}, so that application code can ask the usual questions. */
record IdentityContext(Identity identity, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return identity::userId;
    }

    @Override
    public boolean isUserInRole(String role) {
        return identity.hasRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
