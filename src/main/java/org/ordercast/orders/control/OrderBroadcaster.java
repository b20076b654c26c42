package org.ordercast.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.ordercast.broker.control.TransactionalPublisher;
import org.ordercast.broker.entity.Message;
import org.ordercast.channels.control.Payloads;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.orders.entity.OrderCreated;
import org.ordercast.orders.entity.OrderStatusChanged;

/**
 * Routes order events to their channels. Observed inside the producer's transaction: the customer's durable
 * channel is written with the change, the others are published after commit, nothing for a rollback.
 */
@ApplicationScoped
public class OrderBroadcaster {

    @Inject
    TransactionalPublisher publisher;

    void created(@Observes OrderCreated order) {
        publisher.publish(Message.of("order.created", Payloads.of(order), order.userId(), order.storeId()),
                channels(order.orderId(), order.userId(), order.storeId()));
    }

    void statusChanged(@Observes OrderStatusChanged change) {
        String event = "CANCELLED".equalsIgnoreCase(change.status()) ? "order.cancelled" : "order.status_changed";
        publisher.publish(Message.of(event, Payloads.of(change), change.userId(), change.storeId()),
                channels(change.orderId(), change.userId(), change.storeId()));
    }

    private static List<String> channels(String orderId, String userId, String storeId) {
        List<String> channels = new ArrayList<>(List.of("orders", "order:" + orderId));
        ChannelName.ofUser(userId).ifPresent(channels::add);
        if (storeId != null) {
            channels.add("store:" + storeId);
        }
        return channels;
    }
}
