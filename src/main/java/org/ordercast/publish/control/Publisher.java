package org.ordercast.publish.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.IdempotencyConflictException;
import org.ordercast.broker.control.Publications;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.PublishOptions.Idempotency;
import org.ordercast.catalog.control.Catalog;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.publish.entity.PublishRefusedException;
import org.ordercast.publish.entity.Published;

/**
 * Publishes on behalf of services. A publication's data is at most {@code ordercast.publish.max-bytes} of JSON
 * (413 beyond). Idempotency keys are the publisher's own, per channel, and bound to the request they came with: a
 * retry gets the original publication back, a reuse for another request gets 409. The broker keeps them, so they
 * hold on every node.
 */
@ApplicationScoped
public class Publisher {

    /** Why a caller without the roles {@link #mayPublish} asks for is refused. */
    public static final String ROLES = "needs one of the roles admin, publisher";

    @Inject
    Publications publications;

    @Inject
    ChannelAccess access;

    @Inject
    Catalog catalog;

    @Inject
    @ConfigProperty(name = "ordercast.publish.max-bytes", defaultValue = "65536")
    int maxBytes;

    @Inject
    @ConfigProperty(name = "ordercast.publish.idempotency-ttl", defaultValue = "PT24H")
    Duration idempotencyTtl;

    /** Whether {@code who} may publish, over REST or over its WebSocket. */
    public static boolean mayPublish(Identity who) {
        return who.hasRole("publisher") || who.hasRole("admin");
    }

    public Published publish(String publisher, String channel, String event, JsonValue data, String idempotencyKey) {
        access.checkPublish(channel);
        catalog.check(channel, event, data);
        String json = checkSize(data);
        Idempotency idempotency = idempotencyKey == null ? null
                : new Idempotency(publisher, idempotencyKey, Idempotency.hash(event, json), idempotencyTtl);
        try {
            return Published.of(publications.publish(channel, Message.of(event, data), idempotency));
        } catch (IdempotencyConflictException e) {
            throw new PublishRefusedException(409, e.getMessage());
        }
    }

    /** One message on each channel, checked all first so that a bad name publishes nothing. */
    public List<Published> broadcast(List<String> channels, String event, JsonValue data) {
        checkSize(data);
        channels.forEach(channel -> {
            access.checkPublish(channel);
            catalog.check(channel, event, data);
        });
        Message message = Message.of(event, data);
        return channels.stream().distinct().map(channel -> Published.of(publications.publish(channel, message))).toList();
    }

    /** The data as JSON text, if it is within {@code ordercast.publish.max-bytes}. */
    private String checkSize(JsonValue data) {
        String json = data == null ? "null" : data.toString();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new PublishRefusedException(413, "the data is " + bytes + " bytes of JSON; at most " + maxBytes
                    + " are accepted (ordercast.publish.max-bytes)");
        }
        return json;
    }
}
