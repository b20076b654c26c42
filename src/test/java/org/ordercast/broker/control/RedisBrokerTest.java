package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.Policies;
import org.ordercast.hub.control.BrokerContract;
import org.ordercast.hub.control.Membership;
import org.ordercast.metrics.control.BrokerFigures;
import org.ordercast.testing.RedisServer;

/** The broker contract on a real redis-server, and what only a broker across processes must handle. */
class RedisBrokerTest extends BrokerContract {

    /** What the brokers started here count: read back to check the broker's figures. */
    static final SimpleMeterRegistry FIGURES = new SimpleMeterRegistry();

    static RedisServer server;
    static RedisClient client;
    static StatefulRedisConnection<String, String> direct;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        client = RedisClient.create(server.url());
        direct = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        direct.close();
        client.shutdown();
        server.close();
    }

    @Override
    protected Broker start(Deliveries node) {
        return started(node, server.url(), false);
    }

    /** A broker on {@code url} outside a container, checking positions every second. */
    static RedisBroker started(Deliveries node, String url, boolean cluster) {
        var redis = new RedisBroker();
        redis.policies = Policies.of(Map.of());
        redis.node = node;
        redis.url = url;
        redis.cluster = cluster;
        redis.checkSeconds = 1;
        redis.brokerFigures = new BrokerFigures(FIGURES);
        redis.start(Thread::new);
        return redis;
    }

    @Override
    protected void stop(Broker broker) {
        ((RedisBroker) broker).stop();
    }

    /** Publishes as another node would, but without telling anyone: pub/sub lost it. */
    private Publication publishUnannounced(String channel, int n, int historySize) {
        String[] frame = Publication.frameAround(channel, message(n));
        List<Object> answer = new RedisScripts(RedisHistory.class, RedisHistory.PUBLISH).run(direct.sync(),
                RedisHistory.PUBLISH, ScriptOutputType.MULTI,
                new String[] {RedisHistory.meta(channel), RedisHistory.history(channel)}, frame[0], frame[1],
                String.valueOf(historySize), "3600", "0", "unused", "oc.ch.{nobody-listens}", "", "0", "0");
        return Publication.of(channel, Long.parseLong((String) answer.get(1)), (String) answer.get(2), message(n));
    }

    /** A counter's count, or a timer's number of timings, by one tag; 0 before the first. */
    private static double counted(String name, String tag, String value) {
        var found = FIGURES.find(name).tag(tag, value);
        if (found.counter() != null) {
            return found.counter().count();
        }
        return found.timer() == null ? 0 : found.timer().count();
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void aPublicationPubSubLostIsFilledFromHistoryWhenTheNextOneShowsTheGap() throws InterruptedException {
        String orders = channel("order", "gap");
        double gaps = counted("ordercast.gaps.filled", "namespace", "order");
        double published = counted("ordercast.redis.command.duration", "command", "publish");
        double arrived = FIGURES.get("ordercast.pubsub.lag").timer().count();
        var recorder = new Recorder(3);
        join(orders, recorder, null);
        publish(orders, 1);
        publishUnannounced(orders, 2, 10);
        publish(orders, 3);
        recorder.await();
        assertEquals(List.of(1L, 2L, 3L), recorder.offsets());
        assertEquals(List.of(), recorder.resyncs());
        assertEquals(gaps + 1, counted("ordercast.gaps.filled", "namespace", "order"), "one gap filled");
        assertEquals(published + 2, counted("ordercast.redis.command.duration", "command", "publish"),
                "both publish scripts timed");
        assertTrue(FIGURES.get("ordercast.pubsub.lag").timer().count() >= arrived + 2,
                "the pub/sub lag of both announced publications recorded");
    }

    @Test
    void aLostPublicationWithNothingAfterItIsCaughtByThePositionCheck() throws InterruptedException {
        String orders = channel("order", "check");
        var recorder = new Recorder(2);
        join(orders, recorder, null);
        publish(orders, 1);
        publishUnannounced(orders, 2, 10);
        recorder.await();
        assertEquals(List.of(1L, 2L), recorder.offsets());
    }

    @Test
    void aGapHistoryNoLongerHoldsMakesTheSubscribersResyncInsteadOfSkippingIt() throws InterruptedException {
        String orders = channel("order", "lost");
        var recorder = new Recorder(1);
        join(orders, recorder, null);
        publish(orders, 1);
        recorder.await();
        publishUnannounced(orders, 2, 1);
        publishUnannounced(orders, 3, 1);
        broker.publish(orders, message(4), new PublishOptions(1, Duration.ofHours(1), false, null));
        eventually(() -> recorder.resyncs().contains(orders), "the subscriber is told to resync");
        assertFalse(recorder.offsets().contains(2L));
        assertFalse(recorder.offsets().contains(4L), "nothing after a hole");
    }

    @Test
    void anEmptiedRedisGivesANewEpochSoNoCursorRecoversSilentlyEmpty() throws InterruptedException {
        String orders = channel("order", "flushed");
        var recorder = new Recorder(1);
        join(orders, recorder, null);
        Publication before = publish(orders, 1);
        recorder.await();
        assertEquals("+OK", server.command("FLUSHALL"));
        Publication after = publish(orders, 2);
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(1, after.offset());
        eventually(() -> recorder.resyncs().contains(orders), "the subscriber is told to resync");
        Membership again = join(orders, new Recorder(0), new Since(before.offset(), before.epoch()));
        assertFalse(again.position().recovered(), "the old epoch's cursor cannot recover: reload");
    }

    @Test
    void withRedisDownPublishingIsRefusedAndResumesWhenRedisIsBack() throws InterruptedException {
        String orders = channel("order", "outage");
        var recorder = new Recorder(1);
        join(orders, recorder, null);
        Publication before = publish(orders, 1);
        recorder.await();
        server.stop();
        try {
            double failed = counted("ordercast.redis.command.errors", "command", "publish");
            assertThrows(BrokerUnavailableException.class, () -> publish(orders, 2));
            assertEquals(failed + 1, counted("ordercast.redis.command.errors", "command", "publish"),
                    "the failed publish counted");
            assertTrue(((RedisBroker) broker).problem().isPresent(), "readiness has a reason");
        } finally {
            server.run();
        }
        eventually(() -> {
            try {
                publish(orders, 3);
                return true;
            } catch (BrokerUnavailableException e) {
                return false;
            }
        }, "publishing works again once Redis is back");
        eventually(() -> recorder.resyncs().contains(orders),
                "Redis came back empty: the subscriber that stayed connected resyncs");
        Publication now = publish(orders, 4);
        assertNotEquals(before.epoch(), now.epoch());
        eventually(() -> ((RedisBroker) broker).problem().isEmpty(), "ready again");
    }
}
