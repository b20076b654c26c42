package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressLimiterTest {

    private static final long MINUTE = 60_000;
    /** The start of a minute of the clock, in milliseconds since the epoch. */
    private static final long START = 29_000_000 * MINUTE;
    private static final String CLIENT = "192.0.2.1";

    private long now = START;

    private AddressLimiter limiter(int perMinute) {
        var limiter = new AddressLimiter();
        limiter.limits = new Limits();
        limiter.limits.connectionsPerIpPerMinute = perMinute;
        limiter.clock = () -> now;
        return limiter;
    }

    /** How many of {@code attempts} from {@code address} are admitted, all at the current time. */
    private static int admitted(AddressLimiter limiter, String address, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            admitted += limiter.admit(address) ? 1 : 0;
        }
        return admitted;
    }

    @Test
    void anAddressGetsTheLimitAndOthersTheirOwn() {
        AddressLimiter limiter = limiter(10);
        assertEquals(10, admitted(limiter, CLIENT, 12));
        assertEquals(10, admitted(limiter, "192.0.2.2", 10), "another address counts apart");
    }

    @Test
    void theTurnOfTheMinuteDoesNotDoubleTheLimit() {
        AddressLimiter limiter = limiter(60);
        now = START + 59_000;
        assertEquals(60, admitted(limiter, CLIENT, 60));
        now = START + MINUTE;
        assertEquals(0, admitted(limiter, CLIENT, 60),
                "a second after the first 60, the last minute still holds them (fixed minutes let 60 more through)");
        now = START + MINUTE + 30_000;
        // half of the last minute's 60 still count, and this minute's 60 refused ones: nothing
        assertFalse(limiter.admit(CLIENT));
    }

    @Test
    void theLastMinuteWeighsLessAsItSlidesOut() {
        AddressLimiter limiter = limiter(60);
        assertEquals(60, admitted(limiter, CLIENT, 60));
        now = START + MINUTE + 30_000;
        assertEquals(30, admitted(limiter, CLIENT, 60), "half a minute on, half of the last minute's 60 count");
        now = START + MINUTE + 45_000;
        // 60 * 1/4 + 60 counted this minute
        assertFalse(limiter.admit(CLIENT));
    }

    @Test
    void countsOlderThanTheLastMinuteAreForgotten() {
        AddressLimiter limiter = limiter(5);
        assertEquals(5, admitted(limiter, CLIENT, 9));
        now = START + 2 * MINUTE;
        assertEquals(5, admitted(limiter, CLIENT, 5), "two minutes on, nothing of the first one is left");
    }

    @Test
    void refusedAttemptsCountSoAClientThatKeepsTryingStaysOut() {
        AddressLimiter limiter = limiter(10);
        int[] admittedPerMinute = new int[3];
        for (int second = 0; second < 180; second++) {
            now = START + second * 1_000L;
            admittedPerMinute[second / 60] += admitted(limiter, CLIENT, 1);
        }
        assertEquals(10, admittedPerMinute[0]);
        assertEquals(0, admittedPerMinute[1], "an attempt a second, six times the limit, is refused all along");
        assertEquals(0, admittedPerMinute[2]);
        now = START + 3 * MINUTE + 30_000;
        assertFalse(limiter.admit(CLIENT), "half a minute after the last attempt, half of its minute's 60 count");
        now = START + 5 * MINUTE;
        assertTrue(limiter.admit(CLIENT), "after a quiet minute");
    }

    @Test
    void retryAfterAnAttemptOverTheLimitOfThisMinute() {
        var twins = List.of(limiter(60), limiter(60));
        now = START + 45_000;
        twins.forEach(limiter -> assertEquals(60, admitted(limiter, CLIENT, 61)));
        // 61 counted this minute: admitted in the next once 61 * (1 - g) + 1 <= 60, from g = 2/61 of it (1,967 ms),
        // 16.967 s from now
        assertRetryAfter(17, twins);
    }

    @Test
    void retryAfterWhileTheLastMinuteSlidesOut() {
        var twins = List.of(limiter(60), limiter(60));
        now = START + 50_000;
        twins.forEach(limiter -> assertEquals(60, admitted(limiter, CLIENT, 60)));
        now = START + MINUTE + 3_000;
        // 60 * 57/60 + 3 <= 60, then the fourth is refused
        twins.forEach(limiter -> assertEquals(3, admitted(limiter, CLIENT, 4)));
        // 4 counted: admitted once 60 * (1 - f) + 5 <= 60, from f = 5/60, 2 s from now
        assertRetryAfter(2, twins);
    }

    /**
     * {@code Retry-After} is {@code seconds} from now: the first of two limiters in the same state refuses an attempt
     * a second before, the second admits one at that time (an attempt counts, so each limiter is asked once).
     */
    private void assertRetryAfter(long seconds, List<AddressLimiter> twins) {
        assertEquals(seconds, twins.get(0).retryAfterSeconds(CLIENT));
        long asked = now;
        now = asked + (seconds - 1) * 1_000;
        assertFalse(twins.get(0).admit(CLIENT), "a second before");
        now = asked + seconds * 1_000;
        assertTrue(twins.get(1).admit(CLIENT), "at the time given");
    }

    @Test
    void retryAfterIsAtLeastASecond() {
        AddressLimiter limiter = limiter(1);
        now = START + MINUTE - 1;
        assertEquals(1, admitted(limiter, CLIENT, 2));
        // 2 counted: in the next minute once 2 * (1 - g) + 1 <= 1, at its end: 1 ms + a minute
        assertEquals(61, limiter.retryAfterSeconds(CLIENT));
        assertEquals(1, limiter(5).retryAfterSeconds(CLIENT), "never 0, even where nothing was counted");
    }
}
