package org.ordercast.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.ordercast.broker.control.Broker;
import org.ordercast.health.control.HubStats;
import org.ordercast.health.control.ReadyCollection;

/** {@code /health/live}, {@code /health/ready}, {@code /health/started}. */
@ApplicationScoped
public class HubHealthChecks {

    @Inject
    HubStats stats;

    @Inject
    Broker broker;

    @Inject
    ReadyCollection collection;

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("ordercast-live").up().build();
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            Optional<String> problem = broker.problem();
            if (problem.isEmpty()) {
                // the first ready answer waits for it: traffic comes after
                collection.once();
            }
            return HealthCheckResponse.named("ordercast-hub").status(problem.isEmpty())
                    .withData("connections", stats.activeConnections())
                    .withData("broker", problem.orElse("up")).build();
        };
    }

    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("ordercast-started").up().build();
    }
}
