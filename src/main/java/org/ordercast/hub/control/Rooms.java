package org.ordercast.hub.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ordercast.broker.entity.Cursor;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;

/**
 * The channels one client of a room-based protocol is in (Socket.IO rooms, the envelope protocol's user and store
 * channels), with a {@link Cursor} of where the client stands in each. The cursor travels with what the client is
 * sent; a client that comes back with it, on any node, gets what its rooms published meanwhile, all of it or none
 * ({@link #restore}). Deliveries advance the cursor and reach the {@link Listener} under this object's lock, and
 * {@link #withCursor} takes the same lock, so a cursor the client is sent never runs ahead of what it was sent.
 */
public final class Rooms {

    /** Where the rooms' publications go: called under the lock, must queue and return. */
    public interface Listener {

        void deliver(String channel, Publication publication);

        /** The channel lost publications before they reached this node: the client must come back with its cursor. */
        void lost(String channel);

        /** A change of the channel's presence (a {@code presence} frame of {@code /ws}); not a publication. */
        default void presence(String channel, EncodedMessage frame) {
        }
    }

    private final Hub hub;
    private final Listener listener;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Cursor cursor = new Cursor();

    /** The rooms of one client (of Socket.IO, of the envelope protocol). */
    public Rooms(Hub hub, Listener listener) {
        this.hub = hub;
        this.listener = listener;
    }

    /** Runs {@code send} with the current cursor, under the lock deliveries take. */
    public synchronized void withCursor(Consumer<String> send) {
        send.accept(cursor.toString());
    }

    /**
     * Joins a channel from now on; the caller has checked the client may. {@code before} (the join's confirmation)
     * runs first, then a keep-last channel's latest publication, then live ones.
     */
    public void join(String channel, Runnable before) {
        var room = new Room(channel, null);
        if (rooms.putIfAbsent(channel, room) != null) {
            before.run();
            return;
        }
        try {
            room.membership = hub.join(channel, room, null);
        } catch (RuntimeException e) {
            // the broker could not be reached: the client is not in the room, and the caller hears why
            rooms.remove(channel, room);
            throw e;
        }
        start(room, false);
        before.run();
        open(room, false);
    }

    public void leave(String channel) {
        Room room = rooms.remove(channel);
        if (room != null && room.membership != null) {
            room.membership.leave();
            synchronized (this) {
                cursor.remove(channel);
            }
        }
    }

    public void leaveAll() {
        rooms.keySet().forEach(this::leave);
    }

    public int size() {
        return rooms.size();
    }

    public boolean contains(String channel) {
        return rooms.containsKey(channel);
    }

    /**
     * A client coming back with the cursor of an earlier connection (on any node): rejoins each room from where it
     * stood, publications held until {@link #open}. True if every room may still be joined ({@code may}, at most
     * {@code limit} rooms) and its history holds all the client missed; false means nothing will be replayed, never
     * a part, and the rooms it could join count from now on.
     */
    public boolean restore(Cursor from, Predicate<String> may, int limit) {
        boolean whole = true;
        for (Map.Entry<String, Since> position : from.positions().entrySet()) {
            String channel = position.getKey();
            if (rooms.containsKey(channel) || rooms.size() >= limit || !may.test(channel)) {
                whole = false;
                continue;
            }
            whole &= enter(channel, position.getValue()).recovered();
        }
        return whole;
    }

    /** Rooms a client is in from the start (those not restored), held until {@link #open}. */
    public void enter(List<String> channels) {
        for (String channel : channels) {
            if (!rooms.containsKey(channel)) {
                enter(channel, null);
            }
        }
    }

    private Position enter(String channel, Since since) {
        var room = new Room(channel, since);
        rooms.put(channel, room);
        try {
            room.membership = hub.join(channel, room, since);
        } catch (RuntimeException e) {
            rooms.remove(channel, room);
            throw e;
        }
        return room.membership.position();
    }

    /**
     * Sets where the rooms entered since the last open start: where the client stood if {@code replay}, else where
     * the channel is now. Returns the cursor; {@link #open} them once the client was told it is connected.
     */
    public String start(boolean replay) {
        rooms.values().stream().filter(room -> !room.opened).forEach(room -> start(room, replay));
        synchronized (this) {
            return cursor.toString();
        }
    }

    /** Replays what each room missed (if {@code replay}) or a keep-last channel's latest, then lets live ones pass. */
    public void open(boolean replay) {
        rooms.values().stream().filter(room -> !room.opened).forEach(room -> open(room, replay));
    }

    private synchronized void start(Room room, boolean replay) {
        Position at = room.membership.position();
        if (replay && room.since != null) {
            cursor.advance(room.channel, room.since.epoch(), room.since.offset());
        } else {
            cursor.advance(room.channel, at.epoch(), at.offset());
        }
    }

    private void open(Room room, boolean replay) {
        Position at = room.membership.position();
        synchronized (this) {
            room.opened = true;
            if (replay && room.since != null) {
                at.publications().forEach(publication -> delivered(room, publication));
                cursor.advance(room.channel, at.epoch(), at.offset());
            } else if (at.latest() != null) {
                // a keep-last channel's current state (the processing status) arrives at once
                listener.deliver(room.channel, at.latest());
            }
        }
        room.membership.open();
    }

    private synchronized void delivered(Room room, Publication publication) {
        if (rooms.get(room.channel) != room) {
            return;
        }
        cursor.advance(room.channel, publication.epoch(), publication.offset());
        listener.deliver(room.channel, publication);
    }

    private final class Room implements Subscriber {

        private final String channel;
        /** Where the client stood when it came back, or null for a room joined from now on. */
        private final Since since;
        private volatile Membership membership;
        /** Replayed or given its latest: what is left to it is live publications. */
        private volatile boolean opened;

        Room(String channel, Since since) {
            this.channel = channel;
            this.since = since;
        }

        @Override
        public void deliver(Publication publication) {
            delivered(this, publication);
        }

        @Override
        public void resync(String lost) {
            listener.lost(channel);
        }

        @Override
        public void presence(EncodedMessage frame) {
            listener.presence(channel, frame);
        }
    }
}
