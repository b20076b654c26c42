package org.ordercast.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ordercast.cluster.control.Nodes;

/**
 * The users' WebSocket connections on this node, of every protocol ({@code /ws}, {@code /socket.io/},
 * {@code /ws/envelope}), for {@code ordercast.limits.connections-per-user}: a connection takes its user's seat when
 * it is signed in and gives it back when it ends. The limit counts the other nodes' seats by their latest shared
 * figures ({@code seats}). SSE streams and long-polls count among the user's streams instead.
 *
 * <p>A connection that is not signed in holds a seat of its client's address ({@link ClientAddresses}) instead, until
 * it signs in or ends, within {@code ordercast.limits.anonymous-connections-per-address} on this node: without it,
 * one address could hold anonymous connections without end, 300 a minute under the per-address rate, until the node
 * had no sockets left.
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
    private final SeatCounts anonymous = new SeatCounts();

    /** Takes one of {@code user}'s seats; false, and nothing taken, when the user holds them all already. */
    public boolean claim(String user) {
        return held.claim(user, limits.connectionsPerUser(), nodes.heldElsewhere(FIGURE, user));
    }

    /** Gives back a seat {@link #claim} took. */
    public void release(String user) {
        held.release(user);
    }

    /**
     * Takes a seat of an anonymous connection from {@code address}; empty, and nothing taken, when the address holds
     * them all. A null address (the container did not say) takes a seat that holds nothing.
     */
    public Optional<AnonymousSeat> claimAnonymous(String address) {
        if (address == null) {
            return Optional.of(new AnonymousSeat(null, null));
        }
        return anonymous.claim(address, limits.anonymousConnectionsPerAddress(), 0)
                ? Optional.of(new AnonymousSeat(anonymous, address)) : Optional.empty();
    }

    /** What a client refused an anonymous seat is told. */
    public String anonymousRefusal(String address) {
        return "address " + address + " already holds " + limits.anonymousConnectionsPerAddress()
                + " connections that are not signed in (ordercast.limits.anonymous-connections-per-address)";
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

    /** The seat of one anonymous connection: given back once, when it signs in or ends, whichever comes first. */
    public static final class AnonymousSeat {

        private final SeatCounts counts;
        private final String address;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private AnonymousSeat(SeatCounts counts, String address) {
            this.counts = counts;
            this.address = address;
        }

        public void release() {
            if (held.compareAndSet(true, false) && counts != null) {
                counts.release(address);
            }
        }
    }
}
