package org.ordercast.inventory.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.ordercast.broker.control.TransactionalPublisher;
import org.ordercast.broker.entity.Message;
import org.ordercast.channels.control.Payloads;
import org.ordercast.inventory.entity.InventoryAlerted;

/** Routes stock alerts to {@code inventory} and the product's store, after the producer's commit. */
@ApplicationScoped
public class InventoryBroadcaster {

    @Inject
    TransactionalPublisher publisher;

    void alerted(@Observes InventoryAlerted alert) {
        var message = Message.of("inventory." + alert.status(), Payloads.of(alert), null, alert.storeId());
        publisher.publish(message, alert.storeId() == null ? List.of("inventory")
                : List.of("inventory", "store:" + alert.storeId()));
    }
}
