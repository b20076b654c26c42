package org.ordercast.publish.entity;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import org.ordercast.broker.entity.Publication;

/** Where a publication landed: the client's cursor for it. */
public record Published(String channel, long offset, String epoch) {

    /** Looked up once: {@code Json.createObjectBuilder()} finds the JSON-P provider again on every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    public static Published of(Publication publication) {
        return new Published(publication.channel(), publication.offset(), publication.epoch());
    }

    /** {@code {channel, epoch, offset}}, the publisher's answer, over REST and over its WebSocket alike. */
    public JsonObjectBuilder toJson() {
        return JSON.createObjectBuilder().add("channel", channel).add("epoch", epoch).add("offset", offset);
    }
}
