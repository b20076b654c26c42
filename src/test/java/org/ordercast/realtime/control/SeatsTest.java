package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ordercast.cluster.control.Nodes;

class SeatsTest {

    /** Seats with a limit of {@code perUser}, and {@code elsewhere} seats of every user held on other nodes. */
    private static Seats seats(int perUser, int elsewhere) {
        var seats = new Seats();
        seats.limits = new Limits();
        seats.limits.connectionsPerUser = perUser;
        seats.nodes = new Nodes() {
            @Override
            public int heldElsewhere(String kind, String user) {
                return Seats.FIGURE.equals(kind) ? elsewhere : 0;
            }
        };
        return seats;
    }

    @Test
    void aUserGetsUpToTheLimitAndASeatGivenBackIsFreeAgain() {
        Seats seats = seats(2, 0);
        assertTrue(seats.claim("uma"));
        assertTrue(seats.claim("uma"));
        assertFalse(seats.claim("uma"), "a third seat past the limit of two");
        assertTrue(seats.claim("ulf"), "another user has seats of its own");
        assertEquals(Map.of("uma", 2, "ulf", 1), seats.byUser(), "a refused claim takes nothing");
        seats.release("uma");
        assertTrue(seats.claim("uma"));
        seats.release("ulf");
        assertEquals(Map.of("uma", 2), seats.byUser(), "a user without seats is not listed");
    }

    @Test
    void seatsOnOtherNodesCount() {
        Seats seats = seats(3, 2);
        assertTrue(seats.claim("uma"));
        assertFalse(seats.claim("uma"), "one here and two elsewhere fill three");
        assertTrue(seats.refusal("uma").contains("ordercast.limits.connections-per-user"));
    }
}
