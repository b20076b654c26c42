package org.ordercast.inventory.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.ordercast.channels.control.Broker;
import org.ordercast.channels.control.Payloads;
import org.ordercast.channels.entity.Message;
import org.ordercast.inventory.entity.InventoryAlerted;

/** Routes stock alerts to {@code inventory} and the product's store after commit. */
@ApplicationScoped
public class InventoryBroadcaster {

    @Inject
    Broker broker;

    void alerted(@Observes(during = TransactionPhase.AFTER_SUCCESS) InventoryAlerted alert) {
        var message = Message.of("inventory." + alert.status(), Payloads.of(alert), null, alert.storeId());
        broker.publish("inventory", message);
        if (alert.storeId() != null) {
            broker.publish("store:" + alert.storeId(), message);
        }
    }
}
