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
 * Once a second: pings connections silent for a heartbeat interval, closes those that left two pings unanswered
 * (4010), those whose token expired longer than the grace period ago (4002), and, where authentication is required,
 * those that did not authenticate in time (4003).
 */
@ApplicationScoped
public class Heartbeat {

    @Inject
    Sessions sessions;

    @Inject
    WebSocketSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        task = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void tick() {
        long now = System.nanoTime();
        Instant wallClock = Instant.now();
        long interval = TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds);
        for (Connection connection : sessions.all()) {
            int missed = connection.missedPings.get();
            if (connection.silentNanos(now) >= interval * (missed + 1)) {
                if (missed >= 2) {
                    connection.close(CloseCode.HEARTBEAT_MISSED, null);
                    continue;
                }
                connection.missedPings.incrementAndGet();
                connection.send(ServerFrames.PING);
            }
            Identity who = connection.identity();
            if (!who.isAnonymous() && wallClock.isAfter(who.expiresAt().plusSeconds(settings.tokenGraceSeconds))) {
                connection.close(CloseCode.TOKEN_EXPIRED, "send a fresh token before expiresIn runs out");
            } else if (settings.requireAuthentication && who.isAnonymous()
                    && connection.ageNanos(now) > TimeUnit.SECONDS.toNanos(settings.authenticationTimeoutSeconds)) {
                connection.close(CloseCode.AUTHENTICATION_TIMEOUT, null);
            }
        }
    }
}
