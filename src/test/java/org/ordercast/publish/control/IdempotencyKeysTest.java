package org.ordercast.publish.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ordercast.publish.entity.PublishRefusedException;
import org.ordercast.publish.entity.Published;

class IdempotencyKeysTest {

    private final AtomicInteger offsets = new AtomicInteger();

    private Published publish() {
        return new Published("orders", offsets.incrementAndGet(), "e");
    }

    @Test
    void theSameRequestWithTheSameKeyGetsTheFirstResult() {
        var keys = new IdempotencyKeys(Duration.ofHours(1), 10);
        Published first = keys.once("svc", "k", "orders", "order.created", "{}", this::publish);
        assertEquals(first, keys.once("svc", "k", "orders", "order.created", "{}", this::publish));
        assertEquals(1, offsets.get());
    }

    @Test
    void anotherRequestWithTheSameKeyIsRefusedWith409() {
        var keys = new IdempotencyKeys(Duration.ofHours(1), 10);
        keys.once("svc", "k", "orders", "order.created", "{\"n\":1}", this::publish);
        for (String[] other : new String[][] {{"inventory", "order.created", "{\"n\":1}"},
                {"orders", "order.cancelled", "{\"n\":1}"}, {"orders", "order.created", "{\"n\":2}"}}) {
            var refusal = assertThrows(PublishRefusedException.class,
                    () -> keys.once("svc", "k", other[0], other[1], other[2], this::publish));
            assertEquals(409, refusal.status());
        }
        assertEquals(1, offsets.get(), "nothing published for the refused requests");
    }

    @Test
    void keysAreScopedToTheirPublisher() {
        var keys = new IdempotencyKeys(Duration.ofHours(1), 10);
        Published mine = keys.once("svc-a", "k", "orders", "order.created", "{}", this::publish);
        Published theirs = keys.once("svc-b", "k", "orders", "order.created", "{}", this::publish);
        assertEquals(1, mine.offset());
        assertEquals(2, theirs.offset());
    }

    @Test
    void keysAreForgottenAfterTheirTimeAndBeyondTheCapacity() throws InterruptedException {
        var brief = new IdempotencyKeys(Duration.ofMillis(50), 10);
        brief.once("svc", "k", "orders", "order.created", "{}", this::publish);
        Thread.sleep(80);
        assertEquals(2, brief.once("svc", "k", "orders", "order.created", "{}", this::publish).offset());

        var small = new IdempotencyKeys(Duration.ofHours(1), 2);
        small.once("svc", "a", "orders", "order.created", "{}", this::publish);
        small.once("svc", "b", "orders", "order.created", "{}", this::publish);
        small.once("svc", "c", "orders", "order.created", "{}", this::publish);
        assertEquals(6, small.once("svc", "a", "orders", "order.created", "{}", this::publish).offset(),
                "the oldest key made room");
    }
}
