package org.ordercast.jobs.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.control.Publications;
import org.ordercast.broker.entity.Message;
import org.ordercast.jobs.entity.JobRequest;

/**
 * A small job queue: jobs wait, run one step every {@code ordercast.jobs.step-ms} on the container's executor and
 * report progress 0-100. Queue statistics are published at most once a second, and only after a change.
 */
@ApplicationScoped
public class Jobs {

    @Inject
    Publications publications;

    @Resource
    ManagedExecutorService workers;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.jobs.step-ms", defaultValue = "200")
    long stepMillis;

    private final Map<String, JsonObject> commissions = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean statsChanged = new AtomicBoolean();
    private ScheduledFuture<?> statsTicker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        statsTicker = scheduler.scheduleWithFixedDelay(this::publishStats, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (statsTicker != null) {
            statsTicker.cancel(false);
        }
    }

    public String submit(JobRequest request) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        changed(waiting, 1);
        workers.execute(() -> run(id, request));
        return id;
    }

    public JsonObject stats() {
        return Json.createObjectBuilder().add("waiting", waiting.get()).add("active", active.get())
                .add("completed", completed.get()).add("failed", failed.get()).build();
    }

    /** Changes a commission's status (e.g. {@code paid}); empty if there is no such commission. */
    public java.util.Optional<JsonObject> updateCommission(String id, String status) {
        JsonObject updated = commissions.computeIfPresent(id, (key, old) -> Json.createObjectBuilder(old)
                .add("status", status).build());
        if (updated != null) {
            publishCommission("commission.updated", updated);
        }
        return java.util.Optional.ofNullable(updated);
    }

    private void run(String id, JobRequest request) {
        changed(waiting, -1);
        changed(active, 1);
        try {
            for (int progress = 0; progress <= 100; progress += 20) {
                if (request.fail() && progress == 60) {
                    throw new IllegalStateException("the job was asked to fail at 60%");
                }
                progress(id, request.type(), progress, "step " + (progress / 20 + 1) + " of 6");
                if (progress < 100) {
                    TimeUnit.MILLISECONDS.sleep(stepMillis);
                }
            }
            var result = "commission.calculate".equals(request.type()) ? commission(request.contractId())
                    : Json.createObjectBuilder().add("rows", 1200).build();
            publications.publishEventually("queue", Message.of("queue.job_completed", Json.createObjectBuilder().add("jobId", id)
                    .add("type", request.type()).add("result", result).build()));
            changed(completed, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(id, request.type(), "interrupted");
        } catch (RuntimeException e) {
            failed(id, request.type(), e.getMessage());
        } finally {
            changed(active, -1);
        }
    }

    private JsonObject commission(String contractId) {
        String contract = contractId == null ? "default" : contractId;
        BigDecimal revenue = BigDecimal.valueOf(10_000 + Math.abs(contract.hashCode() % 90_000), 2);
        LocalDate today = LocalDate.now();
        JsonObject commission = Json.createObjectBuilder()
                .add("id", UUID.randomUUID().toString().substring(0, 8))
                .add("contractId", contract)
                .add("commissionAmount", revenue.multiply(new BigDecimal("0.05")).setScale(2, RoundingMode.HALF_UP))
                .add("totalRevenue", revenue)
                .add("period", today.withDayOfMonth(1) + " - " + today)
                .add("status", "calculated")
                .build();
        commissions.put(commission.getString("id"), commission);
        publishCommission("commission.calculated", commission);
        return commission;
    }

    private void publishCommission(String event, JsonObject commission) {
        var message = Message.of(event, commission);
        for (String channel : List.of("dashboard", "contract:" + commission.getString("contractId"))) {
            publications.publishEventually(channel, message);
        }
    }

    private void progress(String id, String type, int progress, String text) {
        publications.publishEventually("queue", Message.of("queue.job_progress", Json.createObjectBuilder().add("jobId", id)
                .add("type", type).add("progress", progress).add("message", text).build()));
    }

    private void failed(String id, String type, String error) {
        publications.publishEventually("queue", Message.of("queue.job_failed", Json.createObjectBuilder().add("jobId", id)
                .add("type", type).add("error", error == null ? "failed" : error).build()));
        changed(failed, 1);
    }

    private void changed(AtomicInteger counter, int delta) {
        counter.addAndGet(delta);
        statsChanged.set(true);
    }

    void publishStats() {
        if (statsChanged.getAndSet(false)) {
            publications.publishEventually("queue", Message.of("queue.stats", stats()));
        }
    }
}
