package org.ordercast.realtime.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
 */
@ApplicationScoped
public class Heartbeat {

    private static final long TICK_MILLIS = 250;
    /** The share of the interval over which connections' first pings are spread. */
    private static final double SPREAD = 0.5;

    @Inject
    Sessions sessions;

    @Inject
    WebSocketSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        task = scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void tick() {
        long now = System.nanoTime();
        Instant expiredBefore = Instant.now().minusSeconds(settings.tokenGraceSeconds);
        long interval = TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds);
        long authenticationTimeout = TimeUnit.SECONDS.toNanos(settings.authenticationTimeoutSeconds);
        for (Connection connection : sessions.all()) {
            int missed = connection.missedPings();
            long own = interval - (long) (interval * SPREAD * connection.pingAdvance);
            if (connection.silentNanos(now) >= own * (missed + 1)) {
                if (missed >= 2) {
                    connection.close(CloseCode.HEARTBEAT_MISSED, null);
                    continue;
                }
                connection.pingAdvance = 0;
                connection.missedPing();
                connection.send(ServerFrames.PING);
            }
            Identity who = connection.identity();
            if (!who.isAnonymous() && who.expiresAt().isBefore(expiredBefore)) {
                connection.close(CloseCode.TOKEN_EXPIRED, "send a fresh token before expiresIn runs out");
            } else if (settings.requireAuthentication && who.isAnonymous()
                    && connection.ageNanos(now) > authenticationTimeout) {
                connection.close(CloseCode.AUTHENTICATION_TIMEOUT, null);
            }
        }
    }
}
