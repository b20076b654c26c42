package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.util.Locale;
import java.util.Optional;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.Transport;

/**
 * Picks the fastest send path the server offers for a session: {@code auto} tries Grizzly's socket and write
 * queue, then Tyrus's pre-framed send, then the portable {@code RemoteEndpoint.Async}; {@code tyrus} starts at the
 * second, {@code portable} goes straight to the last. Each server-specific path is found by reflection and falls
 * back to the next when its classes are missing.
 */
public final class SendPaths {

    private static final System.Logger LOG = System.getLogger(SendPaths.class.getName());

    /** A session's transport and the name of its path: {@code grizzly}, {@code tyrus} or {@code portable}. */
    public record Chosen(String name, Transport<EncodedMessage> transport) {
    }

    private SendPaths() {
    }

    public static Chosen choose(Session session, String setting) {
        Transport<EncodedMessage> chosen = transport(session, setting.toLowerCase(Locale.ROOT));
        String name = chosen instanceof GrizzlyTransport ? "grizzly" : chosen instanceof TyrusTransport ? "tyrus" : "portable";
        return new Chosen(name, chosen);
    }

    /**
     * Turns the container's idle timeout off (ordercast's heartbeat closes silent connections), without a call when it
     * is off already: on Payara, Tyrus answers every {@code setMaxIdleTimeout}, 0 included, by scheduling its
     * idle-timeout task on the managed executor, whose context capture searched the application's class path for
     * resources once per connection. On Tyrus it also stops that task being scheduled for every received frame, and
     * calls {@code received} (if not null) for each one instead, RFC 6455 pings and pongs included.
     */
    public static void idleTimeoutOff(Session session, Runnable received) {
        if (session.getMaxIdleTimeout() != 0) {
            session.setMaxIdleTimeout(0);
        }
        IdleTimeoutBypass.install(session, received);
    }

    private static Transport<EncodedMessage> transport(Session session, String path) {
        Transport<EncodedMessage> portable = new AsyncRemoteTransport(session.getAsyncRemote());
        if (path.equals("portable")) {
            return portable;
        }
        try {
            Optional<TyrusTransport> tyrus = TyrusTransport.of(session);
            if (tyrus.isEmpty()) {
                return portable;
            }
            return path.equals("auto") ? GrizzlyTransport.of(session, tyrus.get()).orElse(tyrus.get()) : tyrus.get();
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "no server-specific send path: " + e);
            return portable;
        }
    }
}
