package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.util.Map;

/**
 * Has Tyrus make, when a session opens, the one object it would otherwise make when the session closes: the values
 * view of its map of the session's endpoint instances.
 * <p>
 * Tyrus keeps a {@code HashMap} of endpoint instances per session and, when the session closes, iterates its
 * {@code values()}; a {@code HashMap} makes that view the first time it is asked and keeps it. By the close, a
 * session that lived a while is in the old generation, so the view made there was a new object hanging from a dead
 * old one, which every young collection copied until it was promoted, fifteen collections later, and whose card every
 * young collection scanned. After 19,000 closes that was 19,000 such views and cards (src/bench/RESULTS.md). Made at
 * the open, the view is as young as the map and is promoted or collected with it: 16 bytes more per open session.
 * Where Tyrus is not as expected, nothing changes.
 */
final class EndpointInstanceView {

    private static final System.Logger LOG = System.getLogger(EndpointInstanceView.class.getName());
    private static volatile boolean unavailable;

    private EndpointInstanceView() {
    }

    /** Makes the view for {@code session}, a Tyrus session whose endpoint instance exists. */
    static void makeAtOpen(Session session) {
        if (unavailable) {
            return;
        }
        try {
            Object wrapper = TyrusHandlers.field(session, "endpointWrapper");
            makeAtOpen(TyrusHandlers.field(wrapper, "componentProvider"), session);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus's view of a session's endpoint instances is left to its close: " + e);
        }
    }

    /** The same, given Tyrus's {@code ComponentProviderService}. */
    static void makeAtOpen(Object componentProvider, Session session) throws ReflectiveOperationException {
        if (TyrusHandlers.field(componentProvider, "sessionToObject") instanceof Map<?, ?> sessions
                && sessions.get(session) instanceof Map<?, ?> instances) {
            // the lock Tyrus reads and writes the map under
            synchronized (instances) {
                instances.values();
            }
        }
    }
}
