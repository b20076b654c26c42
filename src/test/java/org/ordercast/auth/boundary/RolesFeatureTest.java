package org.ordercast.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;

class RolesFeatureTest {

    @Roles({"publisher", "admin"})
    static class Guarded {
        public void inherits() {
        }

        @Roles("operator")
        public void ownRoles() {
        }

        @Roles(Roles.ANYONE)
        public void open() {
        }

        @Roles({})
        public void closed() {
        }
    }

    static class Unguarded {
        public void open() {
        }
    }

    /** The filter the feature registers for a method, or null for none. */
    private static ContainerRequestFilter filterFor(Class<?> type, String method) throws NoSuchMethodException {
        Method resourceMethod = type.getMethod(method);
        ResourceInfo info = proxy(ResourceInfo.class, (name, args) -> switch (name) {
            case "getResourceMethod" -> resourceMethod;
            case "getResourceClass" -> type;
            default -> throw new UnsupportedOperationException(name);
        });
        var registered = new ArrayList<Object>();
        FeatureContext context = proxy(FeatureContext.class, (name, args) -> {
            if (name.equals("register")) {
                registered.add(args[0]);
                return null;
            }
            throw new UnsupportedOperationException(name);
        });
        new RolesFeature().configure(info, context);
        assertTrue(registered.size() <= 1);
        return registered.isEmpty() ? null : (ContainerRequestFilter) registered.get(0);
    }

    /** Runs {@code filter} for {@code who} (null: no verified token) and returns the abort status, or 0. */
    private static int statusFor(ContainerRequestFilter filter, Identity who) throws Exception {
        Response aborted = abortOf(filter, who);
        return aborted == null ? 0 : aborted.getStatus();
    }

    /** The response {@code filter} aborts with for {@code who}, or null. */
    private static Response abortOf(ContainerRequestFilter filter, Identity who) throws Exception {
        var properties = new HashMap<String, Object>();
        if (who != null) {
            properties.put(RequestIdentity.VERIFIED, who);
        }
        var aborted = new ArrayList<Response>();
        ContainerRequestContext request = proxy(ContainerRequestContext.class, (name, args) -> switch (name) {
            case "getProperty" -> properties.get((String) args[0]);
            case "abortWith" -> {
                aborted.add((Response) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
        filter.filter(request);
        return aborted.isEmpty() ? null : aborted.get(0);
    }

    private static Identity user(String... roles) {
        return new Identity("u", Set.of(roles), Set.of(), Instant.now().plusSeconds(60));
    }

    @Test
    void aClassRuleAppliesToMethodsWithoutTheirOwn() throws Exception {
        ContainerRequestFilter filter = filterFor(Guarded.class, "inherits");
        assertEquals(401, statusFor(filter, null), "no token");
        assertEquals(401, statusFor(filter, Identity.anonymous()));
        assertEquals(403, statusFor(filter, user("staff")));
        assertEquals(0, statusFor(filter, user("staff", "publisher")));
        assertEquals(0, statusFor(filter, user("admin")));
    }

    @Test
    void refusalsAreProblemsWithABearerChallenge() throws Exception {
        ContainerRequestFilter filter = filterFor(Guarded.class, "inherits");
        Response anonymous = abortOf(filter, null);
        assertEquals("application/problem+json", anonymous.getMediaType().toString());
        assertTrue(anonymous.getHeaderString("WWW-Authenticate").startsWith("Bearer"));
        Response forbidden = abortOf(filter, user("staff"));
        assertTrue(forbidden.getHeaderString("WWW-Authenticate").contains("error=\"insufficient_scope\""));
    }

    @Test
    void aMethodRuleReplacesTheClassRule() throws Exception {
        ContainerRequestFilter filter = filterFor(Guarded.class, "ownRoles");
        assertEquals(403, statusFor(filter, user("publisher")));
        assertEquals(0, statusFor(filter, user("operator")));
    }

    @Test
    void anyoneAndUnannotatedResourcesAreLeftAloneAndAnEmptyRuleRefusesEveryone() throws Exception {
        assertNull(filterFor(Guarded.class, "open"));
        assertNull(filterFor(Unguarded.class, "open"));
        ContainerRequestFilter closed = filterFor(Guarded.class, "closed");
        assertEquals(403, statusFor(closed, user("admin", "publisher", "operator")));
        assertEquals(401, statusFor(closed, null));
    }

    private interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> handler.handle(method.getName(), args)));
    }
}
