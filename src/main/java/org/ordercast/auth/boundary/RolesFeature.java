package org.ordercast.auth.boundary;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Set;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.problem.boundary.Problems;

/**
 * Enforces {@link Roles} on resource methods with the identity that {@link BearerTokenFilter} verified: 401 without
 * a token, 403 without one of the roles, both problem+json with an RFC 6750 challenge. The container's security is
 * not involved, so every server gives the same answers.
 */
@Provider
public class RolesFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Roles rule = resource.getResourceMethod().getAnnotation(Roles.class);
        if (rule == null) {
            rule = resource.getResourceClass().getAnnotation(Roles.class);
        }
        if (rule != null && !List.of(rule.value()).contains(Roles.ANYONE)) {
            context.register(new RoleCheck(List.of(rule.value())), Priorities.AUTHORIZATION);
        }
    }

    /** One method's rule: any of {@code roles}; none at all for {@code @Roles({})}. */
    static final class RoleCheck implements ContainerRequestFilter {

        private final Set<String> roles;

        RoleCheck(List<String> roles) {
            this.roles = Set.copyOf(roles);
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getProperty(RequestIdentity.VERIFIED) instanceof Identity who) || who.isAnonymous()) {
                request.abortWith(Problems.of(401, "sign in: send a bearer token"));
            } else if (roles.stream().noneMatch(who::hasRole)) {
                request.abortWith(Problems.of(403, roles.isEmpty() ? "nobody may call this"
                        : "needs one of the roles " + String.join(", ", roles.stream().sorted().toList())));
            }
        }
    }
}
