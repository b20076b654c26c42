package org.ordercast.publish.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.List;
import org.ordercast.broker.control.TransactionalPublisher;
import org.ordercast.broker.entity.Message;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.publish.entity.UserNotified;

/** Routes personal notifications to the user's durable channel, inside the producer's transaction if any. */
@ApplicationScoped
public class NotificationBroadcaster {

    @Inject
    TransactionalPublisher publisher;

    void notified(@Observes UserNotified notice) {
        var data = Json.createObjectBuilder()
                .add("type", notice.type() == null ? "general" : notice.type())
                .add("title", notice.title())
                .add("message", notice.message())
                .add("data", notice.data() == null ? JsonValue.NULL : notice.data())
                .build();
        // the REST API refuses such an id; a producer's notice for a user with no user channel reaches no one
        ChannelName.ofUser(notice.userId()).ifPresent(channel ->
                publisher.publish(Message.of("notification", data, notice.userId(), null), List.of(channel)));
    }
}
