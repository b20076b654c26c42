package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions.Idempotency;

class IdempotencyKeysTest {

    private final AtomicInteger offsets = new AtomicInteger();

    private Publication publish() {
        return Publication.of("orders", offsets.incrementAndGet(), "e", Message.of("order.created", JsonValue.NULL));
    }

    static Idempotency key(String publisher, String key, String event, String data, Duration ttl) {
        return new Idempotency(publisher, key, Idempotency.hash(event, data), ttl);
    }

    static Idempotency key(String publisher, String key, String event, String data) {
        return key(publisher, key, event, data, Duration.ofHours(1));
    }

    @Test
    void theSameRequestWithTheSameKeyGetsTheFirstResult() {
        var keys = new IdempotencyKeys(10);
        Publication first = keys.once("orders", key("svc", "k", "order.created", "{}"), this::publish);
        assertEquals(first, keys.once("orders", key("svc", "k", "order.created", "{}"), this::publish));
        assertEquals(1, offsets.get());
    }

    @Test
    void anotherRequestWithTheSameKeyIsRefused() {
        var keys = new IdempotencyKeys(10);
        keys.once("orders", key("svc", "k", "order.created", "{\"n\":1}"), this::publish);
        for (String[] other : new String[][] {{"order.cancelled", "{\"n\":1}"}, {"order.created", "{\"n\":2}"}}) {
            assertThrows(IdempotencyConflictException.class,
                    () -> keys.once("orders", key("svc", "k", other[0], other[1]), this::publish));
        }
        assertEquals(1, offsets.get(), "nothing published for the refused requests");
    }

    @Test
    void keysAreScopedToTheirPublisherAndChannel() {
        var keys = new IdempotencyKeys(10);
        Publication mine = keys.once("orders", key("svc-a", "k", "order.created", "{}"), this::publish);
        Publication theirs = keys.once("orders", key("svc-b", "k", "order.created", "{}"), this::publish);
        Publication elsewhere = keys.once("inventory", key("svc-a", "k", "order.created", "{}"), this::publish);
        assertEquals(1, mine.offset());
        assertEquals(2, theirs.offset());
        assertEquals(3, elsewhere.offset());
    }

    @Test
    void keysAreForgottenAfterTheirTimeAndBeyondTheCapacity() throws InterruptedException {
        var brief = new IdempotencyKeys(10);
        brief.once("orders", key("svc", "k", "order.created", "{}", Duration.ofMillis(50)), this::publish);
        Thread.sleep(80);
        assertEquals(2, brief.once("orders", key("svc", "k", "order.created", "{}"), this::publish).offset());

        var small = new IdempotencyKeys(2);
        small.once("orders", key("svc", "a", "order.created", "{}"), this::publish);
        small.once("orders", key("svc", "b", "order.created", "{}"), this::publish);
        small.once("orders", key("svc", "c", "order.created", "{}"), this::publish);
        assertEquals(6, small.once("orders", key("svc", "a", "order.created", "{}"), this::publish).offset(),
                "the oldest key made room");
    }
}
