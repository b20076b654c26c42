package org.ordercast.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.ordercast.channels.control.Broker;
import org.ordercast.channels.control.Payloads;
import org.ordercast.channels.entity.Message;
import org.ordercast.orders.entity.OrderCreated;
import org.ordercast.orders.entity.OrderStatusChanged;

/** Routes order events to their channels once the change is committed; nothing for a rolled-back one. */
@ApplicationScoped
public class OrderBroadcaster {

    @Inject
    Broker broker;

    void created(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderCreated order) {
        publish(Message.of("order.created", Payloads.of(order), order.userId(), order.storeId()),
                order.orderId(), order.userId(), order.storeId());
    }

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderStatusChanged change) {
        String event = "CANCELLED".equalsIgnoreCase(change.status()) ? "order.cancelled" : "order.status_changed";
        publish(Message.of(event, Payloads.of(change), change.userId(), change.storeId()),
                change.orderId(), change.userId(), change.storeId());
    }

    private void publish(Message message, String orderId, String userId, String storeId) {
        List<String> channels = new ArrayList<>(List.of("orders", "order:" + orderId));
        if (userId != null) {
            channels.add("user:" + userId);
        }
        if (storeId != null) {
            channels.add("store:" + storeId);
        }
        channels.forEach(channel -> broker.publish(channel, message));
    }
}
