package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.Publication;
import org.ordercast.hub.control.BrokerContract;
import org.ordercast.testing.RedisCluster;

/**
 * The broker contract on a Redis Cluster of three masters ({@code ordercast.redis.cluster=true}): each channel's keys
 * sit in one slot under its hash tag, the scripts run on the master that owns it, and pub/sub reaches the node
 * whichever master the publication went through.
 */
class RedisClusterBrokerTest extends BrokerContract {

    static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected Broker start(Deliveries node) {
        return RedisBrokerTest.started(node, cluster.seeds(), true);
    }

    @Override
    protected void stop(Broker broker) {
        ((RedisBroker) broker).stop();
    }

    @Test
    void channelsSpreadOverEveryMasterAndEachDeliversInOrder() throws InterruptedException {
        var recorders = new ArrayList<Recorder>();
        var channels = new ArrayList<String>();
        for (int i = 0; i < 24; i++) {
            String channel = channel("order", "spread-" + i);
            var recorder = new Recorder(3);
            join(channel, recorder, null);
            channels.add(channel);
            recorders.add(recorder);
        }
        for (int n = 1; n <= 3; n++) {
            for (String channel : channels) {
                publish(channel, n);
            }
        }
        for (Recorder recorder : recorders) {
            recorder.await();
            assertEquals(List.of(1L, 2L, 3L), recorder.offsets());
        }
        assertTrue(cluster.keyCounts().stream().allMatch(keys -> keys > 0),
                "every master holds some channels: " + cluster.keyCounts());
    }

    @Test
    void aMasterThatForgotTheScriptsIsTaughtThemAgain() {
        String channel = channel("order", "noscript");
        Publication first = publish(channel, 1);
        cluster.masters().forEach(master -> assertEquals("+OK", master.command("SCRIPT FLUSH")));
        Publication second = publish(channel, 2);
        assertEquals(first.offset() + 1, second.offset());
        assertEquals(first.epoch(), second.epoch());
    }
}
