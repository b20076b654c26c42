package org.ordercast.metrics.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a broker reports about its own work: Redis round trips and their failures by command, how long pub/sub took
 * to bring a publication to this node, gaps filled from history, and the database appends of durable channels. A
 * plain object the broker keeps (no CDI proxy on its paths); {@link #NONE} when metrics are off.
 */
public final class BrokerFigures {

    /** Records nothing. */
    public static final BrokerFigures NONE = new BrokerFigures();

    private final MeterRegistry registry;
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> gaps = new ConcurrentHashMap<>();
    private final Timer lag;
    private final Timer appends;

    private BrokerFigures() {
        registry = null;
        lag = null;
        appends = null;
    }

    /** Figures registered in {@code registry}; public for tests that read them back from a registry of their own. */
    public BrokerFigures(MeterRegistry registry) {
        this.registry = registry;
        lag = Timer.builder("ordercast.pubsub.lag")
                .description("From a publication's acceptance on any node to its arrival here through pub/sub")
                .serviceLevelObjectives(Metrics.LATENCY_BUCKETS).register(registry);
        appends = Timer.builder("ordercast.database.append.duration")
                .description("A durable channel's append to the database, commit included")
                .serviceLevelObjectives(Metrics.PUBLISH_BUCKETS).register(registry);
    }

    /** A command to Redis answered ({@code failed}: with an error, or not at all) after {@code nanos}. */
    public void command(String command, long nanos, boolean failed) {
        if (registry == null) {
            return;
        }
        commands.computeIfAbsent(command, c -> Timer.builder("ordercast.redis.command.duration")
                .description("Round trips to Redis, by command").tag("command", c)
                .serviceLevelObjectives(Metrics.PUBLISH_BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            errors.computeIfAbsent(command, c -> Counter.builder("ordercast.redis.command.errors")
                    .description("Commands to Redis that failed or timed out, by command").tag("command", c)
                    .register(registry)).increment();
        }
    }

    /** A publication arrived through pub/sub, accepted at {@code acceptedMillis} (epoch milliseconds). */
    public void arrived(long acceptedMillis) {
        if (registry != null && acceptedMillis > 0) {
            lag.record(Math.max(0, System.currentTimeMillis() - acceptedMillis), TimeUnit.MILLISECONDS);
        }
    }

    /** Publications pub/sub skipped were read from history and handed over: one gap of a channel. */
    public void filled(String channel) {
        if (registry != null) {
            gaps.computeIfAbsent(Metrics.namespace(channel), ns -> Counter.builder("ordercast.gaps.filled")
                    .description("Gaps in a channel's pub/sub sequence filled from history").tag("namespace", ns)
                    .register(registry)).increment();
        }
    }

    /** A durable channel's append, committed or not, took {@code nanos}. */
    public void appended(long nanos) {
        if (appends != null) {
            appends.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
