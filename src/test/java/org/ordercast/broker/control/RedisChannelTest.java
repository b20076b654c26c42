package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.metrics.control.BrokerFigures;

/** The node side of a Redis channel, on the calling thread: order, duplicates, and where it started. */
class RedisChannelTest {

    final List<Long> handed = new ArrayList<>();
    final List<String> resyncs = new ArrayList<>();

    final RedisChannel channel = channel(true);

    RedisChannel channel(boolean keepLast) {
        return new RedisChannel("orders", keepLast, Runnable::run, new RedisChannel.Node() {
            @Override
            public void publication(Publication publication) {
                handed.add(publication.offset());
            }

            @Override
            public void presence(String name, EncodedMessage frame) {
            }

            @Override
            public void resync(String name) {
                resyncs.add(name);
            }

            @Override
            public void committed(String name) {
            }

            @Override
            public Position read(String name, Since since, int limit) {
                return new Position(name, "e1", since.offset(), false, List.of(), null);
            }
        }, BrokerFigures.NONE);
    }

    static String frame(long offset, String epoch) {
        return Publication.of("orders", offset, epoch, Message.of("order.created", Json.createObjectBuilder().build()))
                .encoded().text();
    }

    @Test
    void messagesThatArrivedBeforeTheStartCountFromWhereTheNodeSubscribed() {
        channel.arrived(frame(4, "e1"));
        channel.arrived(frame(5, "e1"));
        channel.start("e1", 4);
        channel.arrived(frame(6, "e1"));
        channel.arrived(frame(6, "e1"));
        assertEquals(List.of(5L, 6L), handed, "4 was in the position already; 6 once");
        assertEquals(List.of(), resyncs);
        assertEquals(6, channel.handedOver().offset(), "a join without a cursor starts after what was handed over");
        assertEquals(6, channel.handedOver().latest().offset());
    }

    @Test
    void aChannelWithoutKeepLastKeepsNoPublicationInItsPosition() {
        RedisChannel orders = channel(false);
        orders.start("e1", 0);
        orders.arrived(frame(1, "e1"));
        assertEquals(List.of(1L), handed);
        assertEquals(1, orders.handedOver().offset(), "a join without a cursor starts after what was handed over");
        assertNull(orders.handedOver().latest());
    }

    @Test
    void anotherEpochOrAGapHistoryCannotFillResyncs() {
        channel.start("e1", 0);
        channel.arrived(frame(1, "e1"));
        channel.arrived(frame(3, "e1"));
        assertEquals(List.of(1L), handed);
        assertEquals(List.of("orders"), resyncs, "offset 2 is lost: never a silent hole");
        channel.arrived(frame(1, "e2"));
        assertEquals(List.of("orders", "orders"), resyncs);
    }
}
