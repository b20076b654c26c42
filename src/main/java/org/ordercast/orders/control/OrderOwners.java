package org.ordercast.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ordercast.auth.entity.Identity;
import org.ordercast.channels.control.ChannelOwners;
import org.ordercast.channels.entity.ChannelName;

/** {@code order:<id>} belongs to the order's customer. */
@ApplicationScoped
public class OrderOwners implements ChannelOwners {

    @Inject
    Orders orders;

    @Override
    public boolean owns(Identity who, ChannelName channel) {
        return "order".equals(channel.namespace()) && orders.find(channel.id())
                .map(order -> who.userId().equals(order.customerId())).orElse(false);
    }
}
