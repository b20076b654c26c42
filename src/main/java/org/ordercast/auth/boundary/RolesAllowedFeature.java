package org.ordercast.auth.boundary;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.problem.boundary.Problems;

/**
 * Enforces {@code @RolesAllowed} (and {@code @DenyAll}) on resource methods with the identity that
 * {@link BearerTokenFilter} verified: 401 without a token, 403 without one of the roles. Jersey on Payara enforces
 * the annotation itself once MP-JWT is on; RESTEasy on WildFly does not unless told to, so without this the same WAR
 * would serve every protected endpoint to anyone there.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new RoleCheck(List.of()), Priorities.AUTHORIZATION);
        } else if (method.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new RoleCheck(List.of(method.getAnnotation(RolesAllowed.class).value())), Priorities.AUTHORIZATION);
        } else if (!method.isAnnotationPresent(PermitAll.class) && type.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new RoleCheck(List.of(type.getAnnotation(RolesAllowed.class).value())), Priorities.AUTHORIZATION);
        }
    }

    /** One method's rule: any of {@code roles}; none at all for {@code @DenyAll}. */
    static final class RoleCheck implements ContainerRequestFilter {

        private final Set<String> roles;

        RoleCheck(List<String> roles) {
            this.roles = Set.copyOf(roles);
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getProperty(RequestIdentity.VERIFIED) instanceof Identity who) || who.isAnonymous()) {
                var refusal = Problems.of(401, "sign in: send a bearer token");
                refusal.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                request.abortWith(refusal);
            } else if (roles.stream().noneMatch(who::hasRole)) {
                request.abortWith(Problems.of(403, roles.isEmpty() ? "nobody may call this"
                        : "needs one of the roles " + String.join(", ", roles.stream().sorted().toList())));
            }
        }
    }
}
