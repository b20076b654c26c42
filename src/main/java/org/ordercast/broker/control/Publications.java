package org.ordercast.broker.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.PublishOptions.Idempotency;
import org.ordercast.channels.control.Policies;

/**
 * What producers publish through: looks up the channel's namespace policy and hands its history size, TTL and
 * keep-last, with the publisher's idempotency key if any, to the broker with the message.
 */
@ApplicationScoped
public class Publications {

    @Inject
    Broker broker;

    @Inject
    Policies policies;

    public Publication publish(String channel, Message message) {
        return publish(channel, message, null);
    }

    public Publication publish(String channel, Message message, Idempotency idempotency) {
        return broker.publish(channel, message, PublishOptions.of(policies.require(channel), idempotency));
    }
}
