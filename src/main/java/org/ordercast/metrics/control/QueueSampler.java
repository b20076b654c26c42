package org.ordercast.metrics.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the outbound-queue samplers {@link Metrics#queueDepths} registers, every
 * {@code ordercast.metrics.queue-sample-seconds}: reading every connection's queue length at an interval costs the
 * delivery path nothing.
 */
@ApplicationScoped
public class QueueSampler {

    private static final System.Logger LOG = System.getLogger(QueueSampler.class.getName());

    @Inject
    @ConfigProperty(name = "ordercast.metrics.queue-sample-seconds", defaultValue = "5")
    int seconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<Runnable> samplers = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> sampling;

    synchronized void sample(Runnable sampler) {
        samplers.add(sampler);
        if (sampling == null) {
            sampling = scheduler.scheduleWithFixedDelay(this::run, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }

    private void run() {
        for (Runnable sampler : samplers) {
            try {
                sampler.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "sampling outbound queues failed: " + e);
            }
        }
    }
}
