package org.ordercast.realtime.sendpath;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Upgrades a request on Payara and GlassFish with Tyrus's upgrade handler made by its constructor, as
 * {@code HttpServletRequest.upgrade} does with one the container makes through CDI. The container gives every
 * upgrade handler a new CDI injection target, and tells every portable extension of it, although Tyrus's handler has
 * nothing to inject: about a sixth of the server's work per connect, and 0.65 KB of heap per connection in the
 * injection target and creational context it keeps for as long as the connection lives. The container never
 * destroys the handler through CDI either; on close it calls {@code destroy} on whichever handler the request holds.
 *
 * <p>The handler made is {@link ReadBufferRelease}, Tyrus's handler letting go of what its frame reader no longer
 * needs, or Tyrus's own where that one does not link.
 *
 * <p>Only for Tyrus's handler, whose class has a public constructor and no injection points, and only where the
 * request is Catalina's, with the fields {@code Request.upgrade} sets: the upgrade flag, the handler, and the
 * suspended Grizzly response. Everything is looked up before anything is set; otherwise {@link #upgrade} answers
 * null and the caller lets the container upgrade.
 */
public final class PlainUpgrade {

    private static final System.Logger LOG = System.getLogger(PlainUpgrade.class.getName());
    private static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";
    private static final String CATALINA_FACADE = "org.apache.catalina.connector.RequestFacade";
    private static final String CATALINA_REQUEST = "org.apache.catalina.connector.Request";
    private static volatile boolean unavailable;
    private static volatile Members members;

    /** Catalina's request members {@code Request.upgrade} uses, found once. */
    private record Members(Constructor<?> handler, Field facadeRequest, Method setUpgrade, Field upgradeHandler,
            Field grizzlyRequest, Method grizzlyResponse, Method suspend) {
    }

    private PlainUpgrade() {
    }

    /**
     * Upgrades {@code request} (the container's own, not a wrapper) with a new Tyrus handler and returns it; null,
     * with nothing changed, where the handler class or the request is not the expected one.
     */
    public static <T extends HttpUpgradeHandler> T upgrade(ServletRequest request, Class<T> type) {
        if (unavailable || !type.getName().equals(TYRUS_HANDLER)
                || TyrusHandlers.ancestor(request.getClass(), CATALINA_FACADE) == null) {
            return null;
        }
        try {
            Members found = members(request.getClass(), type);
            Object catalina = found.facadeRequest().get(request);
            Object grizzly = found.grizzlyRequest().get(catalina);
            Object response = found.grizzlyResponse().invoke(grizzly);
            T handler = type.cast(found.handler().newInstance());
            found.setUpgrade().invoke(catalina, true);
            found.upgradeHandler().set(catalina, handler);
            found.suspend().invoke(response);
            return handler;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "upgrade handlers made by the container: " + e);
            return null;
        }
    }

    /**
     * The constructor of {@link ReadBufferRelease}, Tyrus's handler that lets go of its reader's emptied buffer, where
     * it links against the container's Tyrus; else Tyrus's own handler's.
     */
    private static Constructor<?> handlerConstructor(Class<?> type) throws NoSuchMethodException {
        try {
            Class<?> releasing = Class.forName(PlainUpgrade.class.getPackageName() + ".ReadBufferRelease", true,
                    PlainUpgrade.class.getClassLoader());
            if (type.isAssignableFrom(releasing)) {
                return releasing.getConstructor();
            }
            LOG.log(System.Logger.Level.INFO, "Tyrus's upgrade handler is not the one ordercast was built with");
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(System.Logger.Level.INFO, "Tyrus's own upgrade handler: " + e);
        }
        return type.getConstructor();
    }

    private static Members members(Class<?> facade, Class<?> type) throws ReflectiveOperationException {
        Members found = members;
        if (found == null) {
            Field facadeRequest = TyrusHandlers.accessible(
                    TyrusHandlers.ancestor(facade, CATALINA_FACADE).getDeclaredField("request"));
            Class<?> catalina = TyrusHandlers.ancestor(facadeRequest.getType(), CATALINA_REQUEST);
            if (catalina == null) {
                throw new ClassNotFoundException("not a Catalina request: " + facadeRequest.getType().getName());
            }
            Field grizzlyRequest = TyrusHandlers.accessible(catalina.getDeclaredField("coyoteRequest"));
            Method grizzlyResponse = grizzlyRequest.getType().getMethod("getResponse");
            found = new Members(handlerConstructor(type), facadeRequest,
                    catalina.getMethod("setUpgrade", boolean.class),
                    TyrusHandlers.accessible(catalina.getDeclaredField("httpUpgradeHandler")),
                    grizzlyRequest, grizzlyResponse, grizzlyResponse.getReturnType().getMethod("suspend"));
            members = found;
        }
        return found;
    }
}
