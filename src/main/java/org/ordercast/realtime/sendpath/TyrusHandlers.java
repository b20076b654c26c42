package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reflective step both server-specific send paths start from: a Tyrus session's {@code ProtocolHandler}, which
 * owns the connection's writer and the lock Tyrus sends under. Looked up once; throws where the session is not
 * Tyrus's, and the caller falls back to the next path.
 */
record TyrusHandlers(Field webSocket, Method protocolHandler) {

    private static volatile TyrusHandlers found;

    /**
     * Per class, the fields looked up so far by name, each declared by the class or one of its superclasses; empty
     * where none declares one of that name.
     */
    private static final ClassValue<Map<String, Optional<Field>>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Field>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    static TyrusHandlers of(Session session) throws ReflectiveOperationException {
        TyrusHandlers handlers = found;
        if (handlers == null) {
            Class<?> remote = ancestor(session.getAsyncRemote().getClass(), "org.glassfish.tyrus.core.TyrusRemoteEndpoint");
            if (remote == null) {
                throw new ClassNotFoundException("not a Tyrus remote endpoint: " + session.getAsyncRemote().getClass());
            }
            Field webSocket = accessible(remote.getDeclaredField("webSocket"));
            handlers = new TyrusHandlers(webSocket, accessible(webSocket.getType().getDeclaredMethod("getProtocolHandler")));
            found = handlers;
        }
        return handlers;
    }

    /** The session's {@code org.glassfish.tyrus.core.ProtocolHandler}. */
    Object protocolHandler(Session session) throws ReflectiveOperationException {
        return protocolHandler.invoke(webSocket.get(session.getAsyncRemote()));
    }

    /** The declared type of the protocol handler, whose members the send paths look up. */
    Class<?> handlerType() {
        return protocolHandler.getReturnType();
    }

    /**
     * A field's value, looked up along the owner's class and its superclasses. The fields found are kept per class of
     * owner, so that each later read is one map look-up: a look-up copies the class's fields and checks access,
     * several times per connect otherwise.
     */
    static Object field(Object owner, String name) throws ReflectiveOperationException {
        return lookUp(owner, name).get(owner);
    }

    /** Sets a field found as {@link #field} finds it. */
    static void set(Object owner, String name, Object value) throws ReflectiveOperationException {
        lookUp(owner, name).set(owner, value);
    }

    private static Field lookUp(Object owner, String name) throws NoSuchFieldException {
        if (owner == null) {
            throw new NoSuchFieldException("no object to read '" + name + "' from");
        }
        Map<String, Optional<Field>> known = FIELDS.get(owner.getClass());
        Optional<Field> field = known.get(name);
        if (field == null) {
            field = inherited(owner.getClass(), name);
            known.put(name, field);
        }
        if (field.isEmpty()) {
            throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
        }
        return field.get();
    }

    private static Optional<Field> inherited(Class<?> type, String name) {
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            try {
                return Optional.of(accessible(declaring.getDeclaredField(name)));
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return Optional.empty();
    }

    /** The class of that name among {@code type} and its superclasses, or null. */
    static Class<?> ancestor(Class<?> type, String name) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    static <T extends AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }
}
