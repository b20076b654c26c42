package org.ordercast.realtime.sendpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.glassfish.tyrus.core.ComponentProviderService;
import org.glassfish.tyrus.core.ErrorCollector;
import org.junit.jupiter.api.Test;

/** Tyrus's own component provider, as Payara's Tyrus keeps a session's endpoint instances in it. */
class EndpointInstanceViewTest {

    public static class Listener extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    /** A map that counts the values views asked of it. */
    static final class Counting extends HashMap<Class<?>, Object> {
        int views;

        Counting(Map<Class<?>, Object> entries) {
            super(entries);
        }

        @Override
        public Collection<Object> values() {
            views++;
            return super.values();
        }
    }

    @Test
    void theViewTyrusIteratesAtTheCloseIsMadeAtTheOpen() throws Exception {
        ComponentProviderService provider = ComponentProviderService.create();
        Session session = session();
        assertInstanceOf(Listener.class, provider.getInstance(Listener.class, session, new ErrorCollector()));
        Map<Session, Map<Class<?>, Object>> sessions = sessions(provider);
        Counting instances = new Counting(sessions.get(session));
        sessions.put(session, instances);

        EndpointInstanceView.makeAtOpen(provider, session);

        assertEquals(1, instances.views, "the view is made at the open");
        provider.removeSession(session);
        assertFalse(sessions.containsKey(session), "Tyrus let go of the session at its close");
        assertEquals(2, instances.views, "Tyrus iterated the view, made before, at the close");
    }

    @Test
    void aSessionWithoutEndpointInstancesIsLeftAlone() throws Exception {
        ComponentProviderService provider = ComponentProviderService.create();
        Session session = session();

        EndpointInstanceView.makeAtOpen(provider, session);

        assertTrue(sessions(provider).isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<Session, Map<Class<?>, Object>> sessions(ComponentProviderService provider) throws Exception {
        return (Map<Session, Map<Class<?>, Object>>) TyrusHandlers.field(provider, "sessionToObject");
    }

    /** A session that is only itself: equal to itself alone. */
    private static Session session() {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "session";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
