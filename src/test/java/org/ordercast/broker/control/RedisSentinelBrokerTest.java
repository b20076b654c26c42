package org.ordercast.broker.control;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.ordercast.hub.control.BrokerContract;
import org.ordercast.testing.RedisServer;

/** The broker contract on a Redis master found through Sentinel ({@code redis-sentinel://...#name}). */
class RedisSentinelBrokerTest extends BrokerContract {

    static RedisServer master;
    static RedisServer sentinel;

    @BeforeAll
    static void startRedis() {
        master = RedisServer.start();
        sentinel = RedisServer.sentinel(master, "ordercast");
    }

    @AfterAll
    static void stopRedis() {
        sentinel.close();
        master.close();
    }

    @Override
    protected Broker start(Deliveries node) {
        return RedisBrokerTest.started(node, "redis-sentinel://127.0.0.1:" + sentinel.port() + "#ordercast", false);
    }

    @Override
    protected void stop(Broker broker) {
        ((RedisBroker) broker).stop();
    }
}
