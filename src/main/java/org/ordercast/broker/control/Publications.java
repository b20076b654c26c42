package org.ordercast.broker.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.PublishOptions.Idempotency;
import org.ordercast.channels.control.Policies;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.metrics.control.Metrics;

/**
 * What producers publish through: looks up the channel's namespace policy and hands its history size, TTL and
 * keep-last, with the publisher's idempotency key if any, to the broker with the message. A REST publisher learns
 * at once that the broker is unavailable (503); a domain event, whose change is already committed, is kept instead,
 * in order, and published once the broker answers again ({@link #publishEventually}).
 */
@ApplicationScoped
public class Publications {

    private static final System.Logger LOG = System.getLogger(Publications.class.getName());

    @Inject
    Broker broker;

    @Inject
    Policies policies;

    @Inject
    Metrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.publish.retry-queue", defaultValue = "100000")
    int retryCapacity;

    private record Waiting(String channel, Message message) {
    }

    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private ScheduledFuture<?> retrying;

    public Publication publish(String channel, Message message) {
        return publish(channel, message, null);
    }

    /** A publication from a service (REST): the caller hears at once if the broker is unavailable. */
    public Publication publish(String channel, Message message, Idempotency idempotency) {
        return publish(channel, message, idempotency, "rest");
    }

    private Publication publish(String channel, Message message, Idempotency idempotency, String source) {
        NamespacePolicy policy = policies.require(channel);
        long start = System.nanoTime();
        Publication publication = broker.publish(channel, message, PublishOptions.of(policy, idempotency));
        metrics.published(policy.namespace(), source, System.nanoTime() - start);
        return publication;
    }

    /**
     * Publishes now; while the broker is unavailable (or older messages still wait), keeps the message and
     * publishes it, in order, once the broker answers. Beyond {@code ordercast.publish.retry-queue} waiting
     * messages, the newest is dropped with an error in the log.
     */
    public void publishEventually(String channel, Message message) {
        if (waitingCount.get() == 0) {
            try {
                publish(channel, message, null, "domain");
                return;
            } catch (BrokerUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "the broker is unavailable; publications wait: " + e.getMessage());
            }
        }
        if (waitingCount.incrementAndGet() > retryCapacity) {
            waitingCount.decrementAndGet();
            LOG.log(System.Logger.Level.ERROR, retryCapacity + " publications wait for the broker already; "
                    + message.event() + " " + message.id() + " on " + channel + " is dropped");
            return;
        }
        waiting.add(new Waiting(channel, message));
        scheduleRetry();
    }

    private synchronized void scheduleRetry() {
        if (retrying == null || retrying.isDone()) {
            retrying = scheduler.scheduleWithFixedDelay(this::retry, 1, 1, TimeUnit.SECONDS);
        }
    }

    private synchronized void retry() {
        Waiting next;
        while ((next = waiting.peek()) != null) {
            try {
                publish(next.channel(), next.message(), null, "domain");
            } catch (BrokerUnavailableException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a waiting publication on " + next.channel() + " failed", e);
            }
            waiting.poll();
            waitingCount.decrementAndGet();
        }
        LOG.log(System.Logger.Level.INFO, "every waiting publication is published");
        retrying.cancel(false);
    }

    @PreDestroy
    void stop() {
        if (retrying != null) {
            retrying.cancel(false);
        }
        if (!waiting.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, waiting.size() + " publications still waited for the broker at shutdown");
        }
    }
}
