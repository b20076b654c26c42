package org.ordercast.broker.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the broker: {@code ordercast.broker=memory} (the default: one node, nothing to run beside it) or
 * {@code redis} (several nodes on one Redis, {@code ordercast.redis.url}). Only the chosen one is ever created.
 */
@ApplicationScoped
public class Brokers {

    @Inject
    @ConfigProperty(name = "ordercast.broker", defaultValue = "memory")
    String kind;

    @Inject
    Instance<MemoryBroker> memory;

    @Inject
    Instance<RedisBroker> redis;

    @Produces
    Broker broker() {
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "memory" -> memory.get();
            case "redis" -> redis.get();
            default -> throw new IllegalStateException("ordercast.broker is '" + kind + "': use memory or redis");
        };
    }
}
