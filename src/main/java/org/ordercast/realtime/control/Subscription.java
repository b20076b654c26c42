package org.ordercast.realtime.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;
import org.ordercast.hub.control.Subscriber;

/**
 * One channel a connection subscribed to, with its optional event filter; the broker delivers to it directly. Until
 * the subscribe reply has been queued, live publications are held back, so the client always sees the reply (and
 * its replay) first. After that, delivery takes no lock: {@code held} turns null only once everything held is queued.
 */
final class Subscription implements Subscriber {

    private final Connection connection;
    private final Set<String> events;
    private volatile List<Publication> held = new ArrayList<>();

    Subscription(Connection connection, Set<String> events) {
        this.connection = connection;
        this.events = events == null ? Set.of() : Set.copyOf(events);
    }

    @Override
    public void deliver(Publication publication) {
        if (wants(publication) && passOrHold(publication)) {
            connection.send(publication.encoded());
        }
    }

    /** Presence frames pass once the subscribe reply is out; before that, the client asks with {@code presence}. */
    @Override
    public void presence(EncodedMessage frame) {
        if (held == null) {
            connection.send(frame);
        }
    }

    boolean wants(Publication publication) {
        return events.isEmpty() || events.contains(publication.event());
    }

    /** Holds the publication if the reply is not out yet; true if the caller should send it now. */
    private boolean passOrHold(Publication publication) {
        if (held == null) {
            return true;
        }
        synchronized (this) {
            List<Publication> waiting = held;
            if (waiting != null) {
                waiting.add(publication);
                return false;
            }
            return true;
        }
    }

    /** Sends what was held, then lets live publications through; the caller holds this subscription's lock. */
    synchronized void open(Consumer<Publication> send) {
        List<Publication> waiting = held;
        if (waiting != null) {
            waiting.forEach(send);
            held = null;
        }
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
