package org.ordercast.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ordercast.auth.entity.Identity;
import org.ordercast.hub.entity.CloseCode;

/**
 * Four times a second: pings connections silent for a heartbeat interval, closes those that left two pings unanswered
 * (4010), those whose token expired longer than the grace period ago (4002), and, where authentication is required,
 * those that did not authenticate in time (4003).
 *
 * <p>A connection's first ping comes after its own share of {@code ordercast.ws.heartbeat}, between half of it and
 * all of it ({@link Connection#pingAdvance}), never later, so a client never waits longer for a ping than the
 * {@code heartbeat} its {@code connected} frame gave it; later pings come a whole interval after the client was last
 * heard, as before, so the node sends no more pings than one per interval. Connections that open together, as a
 * node's clients do when they come back after a restart, would otherwise all be pinged in one tick and all answer
 * at once, every interval: 10,000 writes and 10,000 reads on the node in one burst, in front of whatever it was
 * delivering.
 *
 * <p>A tick looks only at the connections whose next ping, token expiry or authentication deadline may have come
 * ({@link Deadlines}), not at every connection of the node; a fresh token and a closed session reach it through
 * {@link #watch}.
 */
@ApplicationScoped
public class Heartbeat {

    private static final long TICK_MILLIS = 250;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** The share of the interval over which connections' first pings are spread. */
    private static final double SPREAD = 0.5;

    @Inject
    WebSocketSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private Deadlines<Connection> deadlines;
    private ScheduledFuture<?> task;

    @PostConstruct
    void init() {
        // never placed further ahead than three intervals: two pings, then the close
        deadlines = new Deadlines<>(TICK_NANOS, 3 * TimeUnit.SECONDS.toNanos(Math.max(1, settings.heartbeatSeconds)),
                Connection::heartbeatTick, Connection::heartbeatTick);
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        task = scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Has the connection looked at on the next tick: call it when it opens, closes, or changes identity. */
    public void watch(Connection connection) {
        deadlines.watch(connection);
    }

    void tick() {
        tick(System.nanoTime(), Instant.now());
    }

    /** One tick at {@code now}, {@code wallClock} being the same moment by the wall clock. */
    void tick(long now, Instant wallClock) {
        deadlines.tick(now, wallClock, this::check);
    }

    /**
     * Pings or closes the connection if a deadline of its has come; answers when it should be looked at next, by
     * {@code System.nanoTime()}, or {@link Deadlines#NOWHERE} once it is closing.
     */
    private long check(Connection connection, long now, Instant wallClock) {
        if (connection.isClosing()) {
            return Deadlines.NOWHERE;
        }
        long interval = TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds);
        int missed = connection.missedPings();
        long own = interval - (long) (interval * SPREAD * connection.pingAdvance);
        long silent = connection.silentNanos(now);
        if (silent >= own * (missed + 1)) {
            if (missed >= 2) {
                connection.close(CloseCode.HEARTBEAT_MISSED, null);
                return Deadlines.NOWHERE;
            }
            connection.pingAdvance = 0;
            connection.missedPing();
            connection.send(ServerFrames.PING);
            own = interval;
            missed++;
        }
        long next = now - silent + own * (missed + 1);
        Identity who = connection.identity();
        if (!who.isAnonymous()) {
            // closed once it expired longer than the grace period ago
            Duration left = Duration.between(wallClock, who.expiresAt()).plusSeconds(settings.tokenGraceSeconds);
            if (left.isNegative()) {
                connection.close(CloseCode.TOKEN_EXPIRED, "send a fresh token before expiresIn runs out");
                return Deadlines.NOWHERE;
            }
            next = Deadlines.sooner(next, now, left);
        } else if (settings.requireAuthentication) {
            long authenticationTimeout = TimeUnit.SECONDS.toNanos(settings.authenticationTimeoutSeconds);
            long age = connection.ageNanos(now);
            if (age > authenticationTimeout) {
                connection.close(CloseCode.AUTHENTICATION_TIMEOUT, null);
                return Deadlines.NOWHERE;
            }
            next = Math.min(next, now - age + authenticationTimeout + 1);
        }
        return next;
    }
}
