package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.Transport;
import org.ordercast.metrics.control.Traffic;

/** The heartbeat's deadlines, on a clock the test moves in steps of the heartbeat's own tick. */
class HeartbeatTest {

    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(250);

    private final Heartbeat heartbeat = new Heartbeat();
    private long start;
    private Instant wallStart;
    /** Simulated nanoseconds since {@link #start}, advanced by {@link #tickUntil}. */
    private long elapsed;

    private void settings(int heartbeatSeconds, int graceSeconds, boolean requireAuthentication, int authTimeout) {
        var settings = new WebSocketSettings();
        settings.heartbeatSeconds = heartbeatSeconds;
        settings.tokenGraceSeconds = graceSeconds;
        settings.requireAuthentication = requireAuthentication;
        settings.authenticationTimeoutSeconds = authTimeout;
        heartbeat.settings = settings;
        heartbeat.init();
        start = System.nanoTime();
        wallStart = Instant.now();
    }

    /** The frames a connection was sent, as a client would read them. */
    static final class Frames implements Transport<EncodedMessage> {
        final List<String> sent = new ArrayList<>();

        @Override
        public void send(List<EncodedMessage> items, Consumer<Throwable> done) {
            items.forEach(item -> sent.add(item.text()));
            done.accept(null);
        }

        @Override
        public int maxBatch() {
            return 16;
        }

        long pings() {
            return sent.stream().filter(ServerFrames.PING.text()::equals).count();
        }
    }

    /** A connection last heard at the simulated clock's start, however long making it took. */
    private Connection connection(Frames frames, Identity identity) {
        Map<String, Object> properties = new HashMap<>();
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> "session-" + System.identityHashCode(proxy);
                    case "getUserProperties" -> properties;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "a session";
                    default -> null;
                });
        var connection = new Connection(session, frames, 64, 1 << 20, identity, Runnable::run, Traffic.NONE);
        connection.heard(start);
        return connection;
    }

    private static Identity user(String id, Instant expiresAt) {
        return new Identity(id, Set.of(), Set.of(), expiresAt);
    }

    private Instant wallClockAt(double seconds) {
        return wallStart.plusNanos((long) (seconds * 1e9));
    }

    /** Ticks every 250 ms of the simulated clock up to {@code seconds}, or until {@code until} holds; the time then. */
    private double tickUntil(double seconds, java.util.function.BooleanSupplier until) {
        long end = (long) (seconds * 1e9);
        while (elapsed + TICK <= end) {
            elapsed += TICK;
            heartbeat.tick(start + elapsed, wallStart.plusNanos(elapsed));
            if (until.getAsBoolean()) {
                break;
            }
        }
        return elapsed / 1e9;
    }

    private double tickUntil(double seconds) {
        return tickUntil(seconds, () -> false);
    }

    @Test
    void aSilentClientIsPingedAtItsIntervalTwiceThenClosedWith4010() {
        settings(2, 2, false, 10);
        var frames = new Frames();
        var connection = connection(frames, user("ada", wallClockAt(3_600)));
        connection.pingAdvance = 0;   // its first ping a whole interval after it opened
        heartbeat.watch(connection);
        double firstPing = tickUntil(10, () -> frames.pings() == 1);
        assertTrue(firstPing >= 2 && firstPing <= 2.25, "first ping at " + firstPing + " s");
        double secondPing = tickUntil(10, () -> frames.pings() == 2);
        assertTrue(secondPing >= 4 && secondPing <= 4.25, "second ping at " + secondPing + " s");
        double closed = tickUntil(10, () -> connection.closeCode(0) != 0);
        assertEquals(4010, connection.closeCode(0));
        assertTrue(closed >= 6 && closed <= 6.25, "closed at " + closed + " s");
        assertEquals(2, frames.pings());
        assertEquals(Deadlines.NOWHERE, connection.heartbeatTick(), "a closed connection is let go of");
    }

    @Test
    void aClientHeardEverySecondIsNeverPingedAndOneThatAnswersStaysOpen() {
        settings(2, 2, false, 10);
        var talking = new Frames();
        var talker = connection(talking, Identity.anonymous());
        var answering = new Frames();
        var answerer = connection(answering, Identity.anonymous());
        heartbeat.watch(talker);
        heartbeat.watch(answerer);
        long answered = 0;
        for (int second = 1; second <= 30; second++) {
            for (int quarter = 0; quarter < 4; quarter++) {
                tickUntil(second - 1 + (quarter + 1) / 4.0);
                if (answering.pings() > answered) {
                    answered = answering.pings();
                    answerer.heard(start + elapsed);   // its pong
                }
            }
            talker.heard(start + elapsed);
        }
        assertEquals(0, talking.pings());
        assertEquals(0, talker.closeCode(0));
        assertEquals(0, answerer.closeCode(0));
        assertTrue(answering.pings() >= 13 && answering.pings() <= 15,
                "one ping per interval after the pong: " + answering.pings() + " in 30 s");
    }

    @Test
    void anExpiredTokenClosesWith4002OnceTheGracePeriodIsOver() {
        settings(25, 2, false, 10);
        var connection = connection(new Frames(), user("bo", wallClockAt(3)));
        heartbeat.watch(connection);
        double closed = tickUntil(20, () -> connection.closeCode(0) != 0);
        assertEquals(4002, connection.closeCode(0));
        assertTrue(closed > 5 && closed <= 5.25, "closed at " + closed + " s, the token expired at 3 s, grace 2 s");
    }

    @Test
    void aFreshTokenMovesTheExpiryEitherWayAtOnce() {
        settings(25, 2, false, 10);
        var frames = new Frames();
        var connection = connection(frames, user("cy", wallClockAt(3)));
        heartbeat.watch(connection);
        tickUntil(2);
        connection.identity(user("cy", wallClockAt(600)));
        heartbeat.watch(connection);
        tickUntil(10);
        assertEquals(0, connection.closeCode(0), "refreshed before it expired");
        // a token that expires sooner than the one it replaces: closed at its expiry, not at the next ping 25 s on
        connection.identity(user("cy", wallClockAt(12)));
        heartbeat.watch(connection);
        double closed = tickUntil(30, () -> connection.closeCode(0) != 0);
        assertEquals(4002, connection.closeCode(0));
        assertTrue(closed > 14 && closed <= 14.25, "closed at " + closed + " s");
    }

    @Test
    void whereAuthenticationIsRequiredAnAnonymousClientIsClosedWith4003InTime() {
        settings(25, 2, true, 3);
        var late = connection(new Frames(), Identity.anonymous());
        var signedIn = connection(new Frames(), Identity.anonymous());
        heartbeat.watch(late);
        heartbeat.watch(signedIn);
        tickUntil(1);
        signedIn.identity(user("di", wallClockAt(3_600)));
        heartbeat.watch(signedIn);
        double closed = tickUntil(10, () -> late.closeCode(0) != 0);
        assertEquals(4003, late.closeCode(0));
        assertTrue(closed > 3 && closed <= 3.25, "closed at " + closed + " s");
        tickUntil(20);
        assertEquals(0, signedIn.closeCode(0));
    }

    @Test
    void aReleasedConnectionIsLetGoOfAndNeverPinged() {
        settings(2, 2, false, 10);
        var frames = new Frames();
        var connection = connection(frames, Identity.anonymous());
        heartbeat.watch(connection);
        tickUntil(0.5);
        assertTrue(connection.heartbeatTick() != Deadlines.NOWHERE, "waits for its first ping");
        connection.release();
        heartbeat.watch(connection);
        tickUntil(0.75);
        assertEquals(Deadlines.NOWHERE, connection.heartbeatTick());
        tickUntil(10);
        assertEquals(0, frames.pings());
    }

    @Test
    void tenThousandConnectionsOpenedTogetherArePingedSpreadOverTheSecondHalfOfTheInterval() {
        settings(4, 2, false, 10);
        var all = new ArrayList<Frames>();
        for (int i = 0; i < 10_000; i++) {
            var frames = new Frames();
            all.add(frames);
            heartbeat.watch(connection(frames, Identity.anonymous()));
        }
        long mostInOneTick = 0;
        long before = 0;
        double firstPing = -1;
        while (elapsed < TimeUnit.SECONDS.toNanos(4)) {
            tickUntil(elapsed / 1e9 + 0.25);
            long pinged = all.stream().filter(f -> f.pings() > 0).count();
            if (pinged > 0 && firstPing < 0) {
                firstPing = elapsed / 1e9;
            }
            mostInOneTick = Math.max(mostInOneTick, pinged - before);
            before = pinged;
        }
        assertEquals(10_000, before, "every connection had its first ping within the interval");
        assertTrue(firstPing >= 2, "none before half the interval: " + firstPing + " s");
        assertTrue(mostInOneTick <= 1_500, "at most " + mostInOneTick + " in one of the 8 ticks");
    }
}
