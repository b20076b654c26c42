package org.ordercast.publish.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ordercast.catalog.control.Catalog;
import org.ordercast.channels.control.Broker;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.entity.Message;
import org.ordercast.publish.entity.Published;

/**
 * Publishes on behalf of services. Remembers the last 10,000 idempotency keys so that a retried request gets the
 * original publication back instead of a duplicate.
 */
@ApplicationScoped
public class Publisher {

    private static final int REMEMBERED_KEYS = 10_000;

    @Inject
    Broker broker;

    @Inject
    ChannelAccess access;

    @Inject
    Catalog catalog;

    private final Map<String, Published> byKey = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Published> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };

    public Published publish(String channel, String event, JsonValue data, String idempotencyKey) {
        access.checkPublish(channel);
        catalog.check(channel, event, data);
        if (idempotencyKey == null) {
            return Published.of(broker.publish(channel, Message.of(event, data)));
        }
        synchronized (byKey) {
            Published first = byKey.get(idempotencyKey);
            if (first != null) {
                return first;
            }
            Published published = Published.of(broker.publish(channel, Message.of(event, data)));
            byKey.put(idempotencyKey, published);
            return published;
        }
    }

    /** One message on each channel, checked all first so that a bad name publishes nothing. */
    public java.util.List<Published> broadcast(java.util.List<String> channels, String event, JsonValue data) {
        channels.forEach(channel -> {
            access.checkPublish(channel);
            catalog.check(channel, event, data);
        });
        Message message = Message.of(event, data);
        return channels.stream().distinct().map(channel -> Published.of(broker.publish(channel, message))).toList();
    }
}
