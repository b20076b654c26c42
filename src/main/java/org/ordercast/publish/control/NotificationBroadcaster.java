package org.ordercast.publish.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.ordercast.channels.control.Broker;
import org.ordercast.channels.entity.Message;
import org.ordercast.publish.entity.UserNotified;

/** Routes personal notifications to the user's channel after commit. */
@ApplicationScoped
public class NotificationBroadcaster {

    @Inject
    Broker broker;

    void notified(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserNotified notice) {
        var data = Json.createObjectBuilder()
                .add("type", notice.type() == null ? "general" : notice.type())
                .add("title", notice.title())
                .add("message", notice.message())
                .add("data", notice.data() == null ? JsonValue.NULL : notice.data())
                .build();
        broker.publish("user:" + notice.userId(), Message.of("notification", data, notice.userId(), null));
    }
}
