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
        seats.limits.anonymousConnectionsPerAddress = perUser;
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

    @Test
    void anAddressHoldsUpToTheLimitOfAnonymousSeatsEachGivenBackOnce() {
        Seats seats = seats(2, 1);
        var first = seats.claimAnonymous("192.0.2.1").orElseThrow();
        var second = seats.claimAnonymous("192.0.2.1").orElseThrow();
        assertTrue(seats.claimAnonymous("192.0.2.1").isEmpty(), "a third past the limit of two");
        assertTrue(seats.claimAnonymous("192.0.2.2").isPresent(), "another address has seats of its own, "
                + "and users' seats elsewhere do not count");
        assertTrue(seats.claim("192.0.2.1"), "a user named as an address is another holder");
        first.release();
        first.release();
        assertTrue(seats.claimAnonymous("192.0.2.1").isPresent(), "the seat given back is free again");
        assertTrue(seats.claimAnonymous("192.0.2.1").isEmpty(), "given back twice, it freed one seat");
        second.release();
        assertTrue(seats.anonymousRefusal("192.0.2.1").contains("ordercast.limits.anonymous-connections-per-address"));
        for (int i = 0; i < 5; i++) {
            assertTrue(seats.claimAnonymous(null).isPresent(), "an unknown address is not bounded here");
        }
    }
}
