package org.ordercast.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.ordercast.cluster.control.Nodes;

/**
 * The users' WebSocket connections on this node, of every protocol ({@code /ws}, {@code /socket.io/},
 * {@code /ws/envelope}), for {@code ordercast.limits.connections-per-user}: a connection takes its user's seat when
 * it is signed in and gives it back when it ends. The limit counts the other nodes' seats by their latest shared
 * figures ({@code seats}). SSE streams and long-polls count among the user's streams instead.
 */
@ApplicationScoped
public class Seats {

    /** The shared figure other nodes read this node's seats from. */
    public static final String FIGURE = "seats";

    @Inject
    Limits limits;

    @Inject
    Nodes nodes;

    private final SeatCounts held = new SeatCounts();

    /** Takes one of {@code user}'s seats; false, and nothing taken, when the user holds them all already. */
    public boolean claim(String user) {
        return held.claim(user, limits.connectionsPerUser(), nodes.heldElsewhere(FIGURE, user));
    }

    /** Gives back a seat {@link #claim} took. */
    public void release(String user) {
        held.release(user);
    }

    /** Seats held on this node, by user. */
    public Map<String, Integer> byUser() {
        return held.byHolder();
    }

    /** What a refused client is told. */
    public String refusal(String user) {
        return "user '" + user + "' already holds " + limits.connectionsPerUser()
                + " connections (ordercast.limits.connections-per-user)";
    }
}
