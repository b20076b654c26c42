package org.ordercast.processing.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.control.Publications;
import org.ordercast.broker.entity.Message;
import org.ordercast.processing.entity.Phase;
import org.ordercast.processing.entity.RunRequest;

/**
 * Runs one processing run at a time and reports it: {@code processing.status} on {@code processing} at every phase
 * change and otherwise at most every {@code ordercast.processing.status-ms} while something changed (message
 * batching: a run of 10,000 orders a second does not send 10,000 updates), {@code processing.log} on {@code logs}.
 */
@ApplicationScoped
public class Processing {

    private static final System.Logger LOG = System.getLogger(Processing.class.getName());

    @Inject
    Publications publications;

    @Resource
    ManagedExecutorService workers;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.processing.status-ms", defaultValue = "250")
    long statusMillis;

    private final AtomicReference<ProcessingRun> current = new AtomicReference<>();
    private volatile ProcessingRun.Snapshot lastPublished;
    private ScheduledFuture<?> reporter;

    /** Starts a run unless one is going; empty if one is. */
    public synchronized Optional<ProcessingRun> start(RunRequest request) {
        ProcessingRun running = current.get();
        if (running != null && !running.snapshot().phase().finished()) {
            return Optional.empty();
        }
        var run = new ProcessingRun(request.orders(), request.vipShare(), request.ratePerSecond(),
                this::phaseEntered, order -> { });
        current.set(run);
        if (reporter == null) {
            reporter = scheduler.scheduleWithFixedDelay(this::report, statusMillis, statusMillis, TimeUnit.MILLISECONDS);
        }
        workers.execute(run);
        log("log", "run " + run.id() + " started: " + request.orders() + " orders, " + Math.round(request.vipShare() * 100)
                + "% VIP, " + request.ratePerSecond() + "/s");
        return Optional.of(run);
    }

    public Optional<ProcessingRun> current() {
        return Optional.ofNullable(current.get());
    }

    public boolean pause() {
        return current().filter(run -> !run.snapshot().phase().finished()).map(run -> {
            run.pause();
            log("warn", "run " + run.id() + " paused");
            publish(run.snapshot());
            return true;
        }).orElse(false);
    }

    public boolean resume() {
        return current().filter(ProcessingRun::paused).map(run -> {
            run.resume();
            log("log", "run " + run.id() + " resumed");
            publish(run.snapshot());
            return true;
        }).orElse(false);
    }

    /** The current status, as {@code GET /processing/status} and the {@code status} command answer it. */
    public JsonObject status() {
        return current().map(run -> json(run.snapshot()))
                .orElse(Json.createObjectBuilder().add("phase", "IDLE").add("progress", 0).build());
    }

    private void phaseEntered(Phase phase) {
        ProcessingRun run = current.get();
        if (run != null) {
            publish(run.snapshot());
            log(phase == Phase.FAILED ? "error" : "log", "run " + run.id() + ": " + phase);
        }
    }

    void report() {
        ProcessingRun run = current.get();
        if (run == null) {
            return;
        }
        var snapshot = run.snapshot();
        var last = lastPublished;
        if (last == null || last.processed() != snapshot.processed() || last.phase() != snapshot.phase()) {
            publish(snapshot);
        }
    }

    private synchronized void publish(ProcessingRun.Snapshot snapshot) {
        lastPublished = snapshot;
        publications.publishEventually("processing", Message.of("processing.status", json(snapshot)));
    }

    private void log(String level, String message) {
        LOG.log("error".equals(level) ? System.Logger.Level.ERROR : System.Logger.Level.INFO, message);
        publications.publishEventually("logs", Message.of("processing.log", Json.createObjectBuilder()
                .add("level", level).add("category", "processing").add("message", message)
                .add("timestamp", Instant.now().toString()).build()));
    }

    static JsonObject json(ProcessingRun.Snapshot s) {
        JsonObjectBuilder timings = Json.createObjectBuilder();
        s.timingsMillis().forEach((phase, millis) -> timings.add(phase.name(), millis));
        var json = Json.createObjectBuilder()
                .add("runId", s.runId()).add("phase", s.phase().name()).add("total", s.total())
                .add("vipCount", s.vipCount()).add("normalCount", s.normalCount()).add("processed", s.processed())
                .add("timings", timings).add("throughput", s.throughput()).add("progress", s.progress());
        if (s.etaSeconds() == null) {
            json.addNull("etaSeconds");
        } else {
            json.add("etaSeconds", s.etaSeconds());
        }
        return json.build();
    }

    @PreDestroy
    void stop() {
        if (reporter != null) {
            reporter.cancel(false);
        }
        current().ifPresent(ProcessingRun::resume);
    }
}
