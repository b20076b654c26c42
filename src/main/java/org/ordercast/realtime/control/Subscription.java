package org.ordercast.realtime.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ordercast.channels.entity.Publication;

/**
 * One channel a connection subscribed to, with its optional event filter. Until the subscribe reply has been
 * queued, live publications are held back, so the client always sees the reply (and its replay) first.
 */
final class Subscription {

    private final Set<String> events;
    private List<Publication> held = new ArrayList<>();

    Subscription(Set<String> events) {
        this.events = events == null ? Set.of() : Set.copyOf(events);
    }

    boolean wants(Publication publication) {
        return events.isEmpty() || events.contains(publication.event());
    }

    /** Holds the publication if the reply is not out yet; true if the caller should send it now. */
    synchronized boolean passOrHold(Publication publication) {
        if (held != null) {
            held.add(publication);
            return false;
        }
        return true;
    }

    /** Ends holding back and returns what was held; the caller sends it under this subscription's lock. */
    synchronized List<Publication> release() {
        List<Publication> released = held;
        held = null;
        return released == null ? List.of() : released;
    }
}
