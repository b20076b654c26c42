package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.Policies;
import org.ordercast.hub.control.BrokerContract;
import org.ordercast.hub.control.Membership;

class MemoryBrokerTest extends BrokerContract {

    private static final PublishOptions NO_HISTORY = new PublishOptions(0, Duration.ofHours(1), false, null);

    @Override
    protected Broker start(Deliveries node) {
        var memory = new MemoryBroker();
        memory.policies = Policies.of(Map.of());
        memory.node = node;
        memory.start(Thread::new);
        return memory;
    }

    @Override
    protected void stop(Broker broker) {
        ((MemoryBroker) broker).stop();
    }

    private MemoryBroker memory() {
        return (MemoryBroker) broker;
    }

    @Test
    void idleChannelsAreForgottenAndComeBackWithANewEpoch() {
        String kept = publish("role:nobody", 1).epoch();
        String forgotten = broker.publish("contract:c1", message(1), NO_HISTORY).epoch();
        memory().sweep();
        Publication stillThere = publish("role:nobody", 2);
        assertEquals(2, stillThere.offset(), "its history still holds offset 1, so the channel stays");
        assertEquals(kept, stillThere.epoch());
        Publication anew = broker.publish("contract:c1", message(2), NO_HISTORY);
        assertEquals(1, anew.offset(), "no history, no subscribers: forgotten");
        assertNotEquals(forgotten, anew.epoch(), "a new epoch tells cursors of the old one they cannot recover");
        join("contract:c2", new Recorder(0), null);
        memory().sweep();
        assertEquals(Map.of("contract:c2", 1), hub.subscriberCounts(), "a channel with subscribers stays");
    }

    @Test
    void readsCreateNoChannelAndIdleKeepLastChannelsWithNothingPublishedAreForgotten() {
        int before = broker.channelCount();
        Position read = broker.read("processing:never-published", null, 10);
        assertEquals(0, read.offset());
        broker.read("processing:never-published", new Since(0, read.epoch()), 10);
        assertEquals(before, broker.channelCount(), "a read holds nothing");

        Membership watched = join("processing:watched", new Recorder(0), null);
        broker.publish("processing:status", message(1), KEEP_LAST);
        assertEquals(before + 2, broker.channelCount());
        watched.leave();
        memory().sweep();
        assertEquals(before + 1, broker.channelCount(), "the subscribed-then-left channel is forgotten, "
                + "the one with a current keep-last publication stays");
        assertEquals(1, broker.read("processing:status", null, 10).latest().offset());
    }

    @Test
    void theFirstSweepRunsAtStart() throws InterruptedException {
        assertTrue(trims(3600, 1, false), "the first sweep does not wait an hour");
    }

    @Test
    void aFailedTrimDoesNotEndTheSweeps() throws InterruptedException {
        assertTrue(trims(1, 2, true), "the trim that failed is tried again at the next sweep");
    }

    /**
     * Whether a broker sweeping every {@code seconds} trims the durable user namespace {@code count} times within
     * 10 s; with {@code failing}, every trim throws.
     */
    private boolean trims(int seconds, int count, boolean failing) throws InterruptedException {
        var trimmed = new CountDownLatch(count);
        var memory = new MemoryBroker();
        memory.policies = Policies.of(Map.of());
        memory.node = hub;
        memory.sweepSeconds = seconds;
        memory.store = new DurableStore() {
            @Override
            public int trim(String namespace, int size, Duration ttl) {
                if (namespace.equals("user")) {
                    trimmed.countDown();
                    if (failing) {
                        throw new IllegalStateException("the database is away");
                    }
                }
                return 0;
            }
        };
        memory.start(Thread::new);
        try {
            return trimmed.await(10, TimeUnit.SECONDS);
        } finally {
            memory.stop();
        }
    }
}
