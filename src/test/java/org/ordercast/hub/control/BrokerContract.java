package org.ordercast.hub.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.control.Broker;
import org.ordercast.broker.control.Deliveries;
import org.ordercast.broker.control.IdempotencyConflictException;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.PublishOptions.Idempotency;
import org.ordercast.broker.entity.Since;

/**
 * What every broker must do, seen through this node's hub: numbering, history, recovery, keep-last, idempotency,
 * presence, and a subscriber that joins while others publish missing nothing and getting nothing twice. Each broker
 * runs it with its own {@link #start}; channel names are unique per test, so a shared backing store does no harm.
 */
public abstract class BrokerContract {

    protected static final PublishOptions HISTORY_10 = new PublishOptions(10, Duration.ofHours(1), false, null);
    protected static final PublishOptions KEEP_LAST = new PublishOptions(100, Duration.ofHours(1), true, null);

    protected Broker broker;
    protected Hub hub;
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    /** A broker that hands what reaches this node to {@code node}. */
    protected abstract Broker start(Deliveries node) throws Exception;

    protected abstract void stop(Broker broker) throws Exception;

    /** Forwards to the hub, which is made after the broker it needs. */
    private static final class Forward implements Deliveries {
        volatile Hub hub;

        @Override
        public void publication(Publication publication) {
            hub.publication(publication);
        }

        @Override
        public void presence(String channel, EncodedMessage frame) {
            hub.presence(channel, frame);
        }

        @Override
        public void resync(String channel) {
            hub.resync(channel);
        }
    }

    @BeforeEach
    void startBroker() throws Exception {
        var forward = new Forward();
        broker = start(forward);
        hub = new Hub(broker);
        forward.hub = hub;
    }

    @AfterEach
    void stopBroker() throws Exception {
        stop(broker);
    }

    /** A channel name of this run, in a namespace every broker knows. */
    protected String channel(String namespace, String id) {
        return namespace + ":" + id + "-" + run;
    }

    protected static Message message(int n) {
        return Message.of("order.created", Json.createObjectBuilder().add("n", n).build());
    }

    protected Publication publish(String channel, int n) {
        return broker.publish(channel, message(n), HISTORY_10);
    }

    /** Records what it receives; counts down once per publication. */
    protected static final class Recorder implements Subscriber {

        final List<Publication> received = Collections.synchronizedList(new ArrayList<>());
        final List<String> presence = Collections.synchronizedList(new ArrayList<>());
        final List<String> resyncs = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch expected;

        public Recorder(int expected) {
            this.expected = new CountDownLatch(expected);
        }

        @Override
        public void deliver(Publication publication) {
            received.add(publication);
            expected.countDown();
        }

        @Override
        public void presence(EncodedMessage frame) {
            presence.add(frame.text());
        }

        @Override
        public void resync(String channel) {
            resyncs.add(channel);
        }

        public void await() throws InterruptedException {
            assertTrue(expected.await(10, TimeUnit.SECONDS), "received only " + received.size());
        }

        public List<String> resyncs() {
            return List.copyOf(resyncs);
        }

        public List<Long> offsets() {
            synchronized (received) {
                return received.stream().map(Publication::offset).toList();
            }
        }
    }

    protected Membership join(String channel, Subscriber subscriber, Since since) {
        Membership membership = hub.join(channel, subscriber, since);
        membership.open();
        return membership;
    }

    @Test
    void offsetsIncreaseByOnePerChannelUnderOneEpoch() {
        String a = channel("order", "a");
        String b = channel("store", "b");
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, publish(a, i).offset());
            assertEquals(i, publish(b, i).offset());
        }
        assertEquals(publish(a, 6).epoch(), publish(a, 7).epoch());
    }

    @Test
    void eachPublicationIsEncodedOnceAsAnEventFrame() throws InterruptedException {
        String store = channel("store", "7");
        var recorder = new Recorder(1);
        join(store, recorder, null);
        Publication p = publish(store, 1);
        String frame = p.encoded().text();
        assertTrue(frame.startsWith("{\"type\":\"event\",\"channel\":\"" + store
                + "\",\"event\":\"order.created\",\"offset\":1"), frame);
        assertTrue(frame.contains("\"data\":{\"n\":1}"), frame);
        recorder.await();
        assertEquals(frame, recorder.received.get(0).encoded().text());
    }

    @Test
    void subscribersReceiveLivePublicationsInOffsetOrderOnlyWhileSubscribed() throws InterruptedException {
        String orders = channel("order", "live");
        var recorder = new Recorder(1000);
        Membership membership = join(orders, recorder, null);
        assertEquals(0, membership.position().offset());
        for (int i = 1; i <= 1000; i++) {
            publish(orders, i);
        }
        recorder.await();
        for (int i = 0; i < 1000; i++) {
            assertEquals(i + 1, recorder.received.get(i).offset());
        }
        membership.leave();
        assertFalse(hub.hasSubscribers(orders));
        var late = new Recorder(1);
        join(orders, late, null);
        publish(orders, 1001);
        late.await();
        assertEquals(1000, recorder.received.size(), "nothing after leaving");
    }

    @Test
    void recoveryReplaysWhatWasMissedOrSaysItCannot() {
        String orders = channel("order", "recovery");
        for (int i = 1; i <= 8; i++) {
            publish(orders, i);
        }
        String epoch = publish(orders, 9).epoch();
        Position recovered = join(orders, new Recorder(0), new Since(5, epoch)).position();
        assertTrue(recovered.recovered());
        assertEquals(List.of(6L, 7L, 8L, 9L), recovered.publications().stream().map(Publication::offset).toList());

        for (int i = 10; i <= 20; i++) {
            publish(orders, i);
        }
        Position tooOld = join(orders, new Recorder(0), new Since(5, epoch)).position();
        assertFalse(tooOld.recovered(), "history of 10 no longer holds offsets 6..20");
        assertTrue(tooOld.publications().isEmpty(), "never a partial replay");
        assertFalse(join(orders, new Recorder(0), new Since(19, "other-epoch")).position().recovered());
        assertTrue(join(orders, new Recorder(0), new Since(20, epoch)).position().recovered());
    }

    @Test
    void readsAnswerWithoutSubscribingAndCapTheReplay() {
        String orders = channel("order", "read");
        Position empty = broker.read(orders, null, 10);
        assertEquals(0, empty.offset());
        String epoch = publish(orders, 1).epoch();
        for (int i = 2; i <= 6; i++) {
            publish(orders, i);
        }
        Position page = broker.read(orders, new Since(1, epoch), 3);
        assertTrue(page.recovered());
        assertEquals(List.of(2L, 3L, 4L), page.publications().stream().map(Publication::offset).toList());
        assertEquals(6, page.offset());
        Position fromZero = broker.read(orders, new Since(0, empty.epoch()), 10);
        assertTrue(fromZero.recovered(), "a cursor at offset 0 recovers whatever epoch the channel has since");
        assertEquals(6, fromZero.publications().size());
    }

    @Test
    void keepLastChannelsHandTheLatestPublicationToNewSubscribers() {
        String processing = channel("processing", "k");
        broker.publish(processing, message(1), KEEP_LAST);
        Publication latest = broker.publish(processing, message(2), KEEP_LAST);
        assertEquals(latest.offset(), join(processing, new Recorder(0), null).position().latest().offset());
        assertEquals(latest.offset(), broker.read(processing, null, 1).latest().offset());
        String orders = channel("order", "k");
        publish(orders, 1);
        assertNull(join(orders, new Recorder(0), null).position().latest());
    }

    @Test
    void liveDeliveryWaitsForOpenAndNeverRepeatsTheReplay() throws InterruptedException {
        String orders = channel("order", "held");
        String epoch = publish(orders, 1).epoch();
        var recorder = new Recorder(3);
        Membership membership = hub.join(orders, recorder, new Since(0, epoch));
        assertEquals(List.of(1L), membership.position().publications().stream().map(Publication::offset).toList());
        publish(orders, 2);
        publish(orders, 3);
        publish(orders, 4);
        Thread.sleep(100);
        assertEquals(List.of(), recorder.offsets(), "held until the reply is out");
        membership.open();
        recorder.await();
        assertEquals(List.of(2L, 3L, 4L), recorder.offsets());
    }

    @Test
    void subscribingWhilePublishingNeitherMissesNorRepeats() throws Exception {
        String race = channel("order", "race");
        int total = 5_000;
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        var published = publisher.submit(() -> {
            for (int i = 1; i <= total; i++) {
                publish(race, i);
            }
        });
        var recorders = new ArrayList<Recorder>();
        var positions = new ArrayList<Position>();
        for (int s = 0; s < 20; s++) {
            var recorder = new Recorder(0);
            recorders.add(recorder);
            positions.add(join(race, recorder, null).position());
            Thread.sleep(1);
        }
        publisher.shutdown();
        published.get(60, TimeUnit.SECONDS);
        for (int s = 0; s < recorders.size(); s++) {
            long start = positions.get(s).offset();
            List<Publication> got = recorders.get(s).received;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.size() < total - start && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(total - start, got.size(), "subscriber " + s);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(start + i + 1, got.get(i).offset(), "subscriber " + s + " in order, gap-free");
            }
        }
    }

    @Test
    void anIdempotencyKeyPublishesOnceAndRefusesAnotherRequest() {
        String orders = channel("order", "idem");
        var key = new Idempotency("svc", "k-" + run, Idempotency.hash("order.created", "{\"n\":1}"), Duration.ofHours(1));
        var with = new PublishOptions(10, Duration.ofHours(1), false, key);
        Publication first = broker.publish(orders, message(1), with);
        Publication again = broker.publish(orders, message(1), with);
        assertEquals(first.offset(), again.offset());
        assertEquals(first.epoch(), again.epoch());
        assertEquals(1, broker.read(orders, null, 10).offset(), "published once");
        var other = new PublishOptions(10, Duration.ofHours(1), false,
                new Idempotency("svc", key.key(), Idempotency.hash("order.created", "{\"n\":2}"), Duration.ofHours(1)));
        assertThrows(IdempotencyConflictException.class, () -> broker.publish(orders, message(2), other));
        var theirs = new PublishOptions(10, Duration.ofHours(1), false,
                new Idempotency("other-svc", key.key(), key.request(), Duration.ofHours(1)));
        assertEquals(2, broker.publish(orders, message(1), theirs).offset(), "keys belong to their publisher");
    }

    @Test
    void presenceFramesReachOpenMembersAndTakeNoOffset() throws InterruptedException {
        String store = channel("store", "presence");
        var open = new Recorder(0);
        join(store, open, null);
        var waiting = new Recorder(0);
        hub.join(store, waiting, null);
        broker.presence(store, new EncodedMessage("{\"type\":\"presence\"}"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (open.presence.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("{\"type\":\"presence\"}"), open.presence);
        assertEquals(List.of(), waiting.presence, "not before its reply is out");
        assertEquals(0, broker.read(store, null, 10).offset());
    }
}
