package org.ordercast.broker.control;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.Policies;
import org.ordercast.hub.control.Subscriber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBrokerTest {

    MemoryBroker broker;

    /** Records what it receives; counts down once per publication. */
    static final class Recorder implements Subscriber {
        final List<Publication> received = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch expected;

        Recorder(int expected) {
            this.expected = new CountDownLatch(expected);
        }

        @Override
        public void deliver(Publication publication) {
            received.add(publication);
            expected.countDown();
        }

        void await() throws InterruptedException {
            assertTrue(expected.await(10, TimeUnit.SECONDS), "received only " + received.size());
        }
    }

    @BeforeEach
    void start() {
        broker = new MemoryBroker();
        broker.policies = Policies.of(Map.of("ordercast.namespace.orders.history-size", "10",
                "ordercast.namespace.contract.history-size", "0"));
        broker.start(Thread::new);
    }

    @AfterEach
    void stop() {
        broker.stop();
    }

    static Message message(int n) {
        return Message.of("order.created", Json.createObjectBuilder().add("n", n).build());
    }

    @Test
    void offsetsIncreaseByOnePerChannel() {
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, broker.publish("orders", message(i)).offset());
            assertEquals(i, broker.publish("order:1", message(i)).offset());
        }
        assertEquals(broker.publish("orders", message(6)).epoch(), broker.publish("orders", message(7)).epoch());
    }

    @Test
    void eachPublicationIsEncodedOnceAsAnEventFrame() {
        Publication p = broker.publish("store:7", message(1));
        String frame = p.encoded().text();
        assertTrue(frame.startsWith("{\"type\":\"event\",\"channel\":\"store:7\",\"event\":\"order.created\",\"offset\":1"), frame);
        assertTrue(frame.contains("\"data\":{\"n\":1}"), frame);
    }

    @Test
    void subscribersReceiveLivePublicationsInOffsetOrder() throws InterruptedException {
        var recorder = new Recorder(1000);
        Position position = broker.subscribe("orders", recorder, null);
        assertEquals(0, position.offset());
        for (int i = 1; i <= 1000; i++) {
            broker.publish("orders", message(i));
        }
        recorder.await();
        for (int i = 0; i < 1000; i++) {
            assertEquals(i + 1, recorder.received.get(i).offset());
        }
        broker.unsubscribe("orders", recorder);
        broker.publish("orders", message(1001));
        assertEquals(Map.of(), broker.subscriberCounts());
    }

    @Test
    void recoveryReplaysWhatWasMissedOrSaysItCannot() {
        for (int i = 1; i <= 8; i++) {
            broker.publish("orders", message(i));
        }
        String epoch = broker.publish("orders", message(9)).epoch();
        Position recovered = broker.subscribe("orders", new Recorder(0), new Since(5, epoch));
        assertTrue(recovered.recovered());
        assertEquals(List.of(6L, 7L, 8L, 9L), recovered.publications().stream().map(Publication::offset).toList());

        for (int i = 10; i <= 20; i++) {
            broker.publish("orders", message(i));
        }
        Position tooOld = broker.subscribe("orders", new Recorder(0), new Since(5, epoch));
        assertFalse(tooOld.recovered(), "history of 10 no longer holds offsets 6..20");
        assertTrue(tooOld.publications().isEmpty(), "never a partial replay");
        assertFalse(broker.subscribe("orders", new Recorder(0), new Since(19, "other-epoch")).recovered());
        assertTrue(broker.subscribe("orders", new Recorder(0), new Since(20, epoch)).recovered());
    }

    @Test
    void keepLastChannelsHandTheLatestPublicationToNewSubscribers() {
        broker.publish("processing", message(1));
        Publication latest = broker.publish("processing", message(2));
        assertEquals(latest, broker.subscribe("processing", new Recorder(0), null).latest());
        assertEquals(null, broker.subscribe("orders", new Recorder(0), null).latest());
    }

    @Test
    void subscribingWhilePublishingNeitherMissesNorRepeats() throws Exception {
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        publisher.submit(() -> {
            for (int i = 1; i <= 20_000; i++) {
                broker.publish("order:race", message(i));
            }
        });
        var recorders = new ArrayList<Recorder>();
        var positions = new ArrayList<Position>();
        for (int s = 0; s < 20; s++) {
            var recorder = new Recorder(0);
            recorders.add(recorder);
            positions.add(broker.subscribe("order:race", recorder, null));
            Thread.sleep(1);
        }
        publisher.shutdown();
        assertTrue(publisher.awaitTermination(20, TimeUnit.SECONDS));
        for (int s = 0; s < recorders.size(); s++) {
            long start = positions.get(s).offset();
            List<Publication> got = recorders.get(s).received;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < 20_000 - start && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(20_000 - start, got.size(), "subscriber " + s);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(start + i + 1, got.get(i).offset(), "subscriber " + s + " in order, gap-free");
            }
        }
    }

    @Test
    void idleChannelsAreForgottenAndComeBackWithANewEpoch() {
        String kept = broker.publish("role:nobody", message(1)).epoch();
        String forgotten = broker.publish("contract:c1", message(1)).epoch();
        broker.sweep();
        Publication stillThere = broker.publish("role:nobody", message(2));
        assertEquals(2, stillThere.offset(), "its history still holds offset 1, so the channel stays");
        assertEquals(kept, stillThere.epoch());
        Publication anew = broker.publish("contract:c1", message(2));
        assertEquals(1, anew.offset(), "no history, no subscribers: forgotten");
        assertNotEquals(forgotten, anew.epoch(), "a new epoch tells cursors of the old one they cannot recover");
        var recorder = new Recorder(0);
        broker.subscribe("contract:c2", recorder, null);
        broker.sweep();
        assertEquals(Map.of("contract:c2", 1), broker.subscriberCounts(), "a channel with subscribers stays");
    }

    @Test
    void readsCreateNoChannelAndIdleKeepLastChannelsWithNothingPublishedAreForgotten() {
        int before = broker.channelCount();
        Position read = broker.read("processing:never-published", null, 10);
        assertEquals(0, read.offset());
        broker.read("processing:never-published", new Since(0, read.epoch()), 10);
        assertEquals(before, broker.channelCount(), "a read holds nothing");

        var recorder = new Recorder(0);
        broker.subscribe("processing:watched", recorder, null);
        broker.publish("processing:status", message(1));
        assertEquals(before + 2, broker.channelCount());
        broker.unsubscribe("processing:watched", recorder);
        broker.sweep();
        assertEquals(before + 1, broker.channelCount(), "the subscribed-then-left channel is forgotten, "
                + "the one with a current keep-last publication stays");
        assertEquals(1, broker.read("processing:status", null, 10).latest().offset());
    }

    @Test
    void aCursorAtOffsetZeroRecoversWhateverEpochTheChannelHasSince() {
        Position before = broker.read("orders", null, 10);
        broker.publish("orders", message(1));
        broker.publish("orders", message(2));
        Position caughtUp = broker.read("orders", new Since(0, before.epoch()), 10);
        assertTrue(caughtUp.recovered());
        assertEquals(2, caughtUp.publications().size());
        assertFalse(broker.read("orders", new Since(1, "another-epoch"), 10).recovered(),
                "a cursor past 0 of another epoch cannot know what it missed");
    }
}
