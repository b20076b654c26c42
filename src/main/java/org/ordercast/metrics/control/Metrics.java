package org.ordercast.metrics.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;
import org.ordercast.cluster.control.Nodes;
import org.ordercast.hub.entity.CloseCode;

/**
 * The one place that knows Micrometer: what the rest of ordercast counts, under {@code ordercast_*} names, each
 * labelled with this node's id. Meters are looked up once per label set and kept, so counting costs a map read and
 * an atomic add. With {@code ordercast.metrics.enabled=false} nothing is counted and {@code /metrics} is not served:
 * the switch the benchmark measures the counting's cost with.
 */
@ApplicationScoped
public class Metrics {

    /** Closes the server logs as warnings: a client too slow, limited, or cut off by a fault on the server's side. */
    private static final Set<Integer> WARNED_CLOSES = Set.of(CloseCode.SLOW_CONSUMER.code(),
            CloseCode.SERVER_ERROR.code(), CloseCode.TOKEN_UNVERIFIABLE.code(), CloseCode.RATE_LIMITED.code());

    /** Delivery latency buckets, in milliseconds, up to 10 s. */
    static final Duration[] LATENCY_BUCKETS = {ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250),
        ms(500), ms(1000), ms(2500), ms(5000), ms(10_000)};

    /** Queue depth buckets, in frames, up to the default slow-consumer limit and beyond. */
    private static final double[] QUEUE_BUCKETS = {1, 4, 16, 64, 256, 512, 1024, 4096};

    /** Publish duration buckets, from 100 µs to 1 s. */
    static final Duration[] PUBLISH_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(250_000),
        Duration.ofNanos(500_000), ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(1000)};

    @Inject
    Nodes nodes;

    @Inject
    EventLog events;

    @Inject
    @ConfigProperty(name = "ordercast.metrics.enabled", defaultValue = "true")
    boolean enabled;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> publishing = new ConcurrentHashMap<>();
    private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();
    private BrokerFigures broker;

    @Inject
    QueueSampler queues;

    @PostConstruct
    void init() {
        registry.config().commonTags("node", nodes.id());
    }

    /** Whether anything is counted: callers skip work done only for a figure (reading the clock) when it is not. */
    public boolean enabled() {
        return enabled;
    }

    /** A gauge read at each scrape (connections, channels). */
    public <T> void gauge(String name, String description, String transport, T source, ToDoubleFunction<T> value) {
        var gauge = Gauge.builder(name, source, value).description(description);
        if (transport != null) {
            gauge.tag("transport", transport);
        }
        gauge.register(registry);
    }

    /**
     * The outbound queues of a transport's connections, sampled every {@code ordercast.metrics.queue-sample-seconds}
     * into a histogram of frames waiting: a sample per connection, so a queue that grows towards the slow-consumer
     * limit shows before the 4008.
     */
    public <C> void queueDepths(String transport, Supplier<? extends Collection<C>> connections,
                                ToIntFunction<C> depth) {
        if (!enabled) {
            return;
        }
        DistributionSummary depths = DistributionSummary.builder("ordercast.outbound.queue.depth")
                .description("Frames waiting in a connection's outbound queue, sampled per connection")
                .tag("transport", transport).serviceLevelObjectives(QUEUE_BUCKETS).register(registry);
        queues.sample(() -> connections.get().forEach(c -> depths.record(depth.applyAsInt(c))));
    }

    /**
     * A publication accepted, by its channel's namespace and where it came from ({@code rest}, {@code domain}), and
     * how long the broker took to number and store it.
     */
    public void published(String namespace, String source, long nanos) {
        if (!enabled) {
            return;
        }
        counter("ordercast.publications", "Publications accepted", "namespace", namespace, "source", source)
                .increment();
        Timer duration = publishing.get(source);
        if (duration == null) {
            duration = publishing.computeIfAbsent(source, s -> Timer.builder("ordercast.publish.duration")
                    .description("How long the broker took to number, store and schedule a publication")
                    .tag("source", s).serviceLevelObjectives(PUBLISH_BUCKETS).register(registry));
        }
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The frames and bytes counter of a transport, kept by its connections; one that counts nothing when off. */
    public Traffic traffic(String transport) {
        return enabled ? traffic.computeIfAbsent(transport, t -> new Traffic(registry, t)) : Traffic.NONE;
    }

    /** The broker's own figures (Redis, pub/sub, gaps, database appends), kept by the broker. */
    public synchronized BrokerFigures broker() {
        if (!enabled) {
            return BrokerFigures.NONE;
        }
        if (broker == null) {
            broker = new BrokerFigures(registry);
        }
        return broker;
    }

    /**
     * A connection renewed its token with another one of the same user ({@code renewed}), or the new token was
     * refused (expired, not signed by a trusted key, another user's).
     */
    public void tokenRefresh(String transport, boolean renewed) {
        if (enabled) {
            counter("ordercast.token.refreshes", "Tokens renewed on an open connection, by outcome",
                    "transport", transport, "outcome", renewed ? "renewed" : "refused").increment();
        }
    }

    /**
     * A client went over a limit: {@code connections-per-address}, {@code connections-per-user},
     * {@code messages-per-second}, {@code publications-per-second}, {@code subscriptions-per-connection},
     * {@code malformed-frames}.
     */
    public void limited(String transport, String limit) {
        if (enabled) {
            counter("ordercast.rate.limited", "Requests refused or connections closed at a limit, by limit",
                    "transport", transport, "limit", limit).increment();
        }
    }

    /** A connection opened: counted, and logged with its session and user (none for an anonymous one). */
    public void connected(String transport, String session, Identity who) {
        events.event("connection.opened").with("transport", transport).with("session", session).user(who).write();
        if (!enabled) {
            return;
        }
        counter("ordercast.connects", "Connections opened", "transport", transport).increment();
    }

    /**
     * A connection closed by the server, or by the client, with its close code and what the code means: counted by
     * code, and logged (a slow consumer, a server error and a rate limit as warnings).
     */
    public void disconnected(String transport, String session, Identity who, int code, String reason) {
        events.event("connection.closed").with("transport", transport).with("session", session).user(who)
                .with("code", code).with("reason", reason)
                .warning(WARNED_CLOSES.contains(code)).write();
        if (!enabled) {
            return;
        }
        counter("ordercast.disconnects", "Connections closed, by close code", "transport", transport,
                "code", String.valueOf(code)).increment();
    }

    /** A connection refused before it opened: {@code origin}, {@code rate}, {@code token}; logged with the detail. */
    public void refused(String reason, String detail) {
        events.event("connection.refused").with("reason", reason).with("detail", detail).warning(true).write();
        if (!enabled) {
            return;
        }
        counter("ordercast.connections.refused", "Connections refused, by reason", "reason", reason).increment();
    }

    /** A client asked to recover a channel from its cursor: recovered whole or not, and how many came again. */
    public void recovery(String channel, boolean recovered, int replayed) {
        events.event("channel.recovery").with("channel", channel).with("recovered", recovered)
                .with("replayed", replayed).write();
        if (!enabled) {
            return;
        }
        String namespace = namespace(channel);
        counter("ordercast.recoveries", "Recoveries asked, by outcome", "namespace", namespace,
                "outcome", recovered ? "recovered" : "not_recovered").increment();
        if (replayed > 0) {
            counter("ordercast.replayed", "Publications sent again in a recovery", "namespace", namespace)
                    .increment(replayed);
        }
    }

    /**
     * Publications of a channel were lost before reaching this node beyond what history holds (a scale-out broker's
     * pub/sub dropped them): its subscribers are told to come back with their cursors. Counted and logged (warning).
     */
    public void resync(String channel) {
        events.event("channel.resync").with("channel", channel).warning(true).write();
        if (!enabled) {
            return;
        }
        counter("ordercast.resyncs", "Channels whose subscribers were told to resync", "namespace",
                namespace(channel)).increment();
    }

    /** The registry in the Prometheus text format, or OpenMetrics. */
    public void scrape(OutputStream out, boolean openMetrics) throws IOException {
        var snapshots = registry.getPrometheusRegistry().scrape();
        if (openMetrics) {
            OpenMetricsTextFormatWriter.create().write(out, snapshots);
        } else {
            PrometheusTextFormatWriter.create().write(out, snapshots);
        }
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags)
                    .register(registry));
        }
        return counter;
    }

    static String namespace(String channel) {
        int colon = channel.indexOf(':');
        return colon < 0 ? channel : channel.substring(0, colon);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
