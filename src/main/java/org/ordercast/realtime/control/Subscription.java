package org.ordercast.realtime.control;

import java.util.Set;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.control.Subscriber;
import org.ordercast.hub.entity.CloseCode;

/**
 * One channel a connection subscribed to, with its optional event filter. The hub holds live publications back
 * until the subscribe reply is queued ({@link Membership#open()}), so the client always sees the reply first.
 */
final class Subscription implements Subscriber {

    private final Connection connection;
    private final Set<String> events;
    private volatile Membership membership;

    Subscription(Connection connection, Set<String> events) {
        this.connection = connection;
        this.events = events == null ? Set.of() : Set.copyOf(events);
    }

    @Override
    public void deliver(Publication publication) {
        if (events.isEmpty() || events.contains(publication.event())) {
            connection.send(publication.encoded());
        }
    }

    @Override
    public void presence(EncodedMessage frame) {
        connection.send(frame);
    }

    @Override
    public void resync(String channel) {
        connection.close(CloseCode.DISCONNECTED, "publications of " + channel + " were lost: reconnect and recover");
    }

    void membership(Membership joined) {
        membership = joined;
    }

    /** Leaves the channel at the hub, if the join got that far. */
    void leave() {
        Membership joined = membership;
        if (joined != null) {
            joined.leave();
        }
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
