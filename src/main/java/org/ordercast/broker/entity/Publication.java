package org.ordercast.broker.entity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

/**
 * A message as published on one channel: its offset (one more than the channel's previous), the channel's epoch
 * (which changes when history is reset) and the {@code event} frame, encoded once for every subscriber.
 */
public record Publication(String channel, long offset, String epoch, Message message, EncodedMessage encoded) {

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

    public static Publication of(String channel, long offset, String epoch, Message message) {
        var out = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject().write("type", "event");
            writeFields(json, channel, offset, epoch, message);
            json.writeEnd();
        }
        return new Publication(channel, offset, epoch, message,
                new EncodedMessage(out.toString(), acceptedAt(message)));
    }

    /**
     * The {@code event} frame of a message not numbered yet, around its offset and epoch: {@code prefix + offset +
     * ",\"epoch\":\"" + epoch + "\"" + suffix} is the frame {@link #of} would build. A broker that numbers in
     * another process (a Redis script) completes it there.
     */
    public static String[] frameAround(String channel, Message message) {
        String frame = of(channel, 0, "", message).encoded().text();
        String numbered = "\"offset\":0,\"epoch\":\"\"";
        int at = frame.indexOf(numbered);
        return new String[] {frame.substring(0, at + "\"offset\":".length()), frame.substring(at + numbered.length())};
    }

    /** A publication from its {@code event} frame, as another node encoded it; the frame is kept as it came. */
    public static Publication fromFrame(String frame) {
        JsonObject json;
        try (var reader = Json.createReader(new StringReader(frame))) {
            json = reader.readObject();
        }
        var message = new Message(json.getString("id"), json.getString("event"), json.get("data"),
                json.getString("userId", null), json.getString("storeId", null),
                Instant.parse(json.getString("timestamp")));
        return new Publication(json.getString("channel"), json.getJsonNumber("offset").longValueExact(),
                json.getString("epoch"), message, new EncodedMessage(frame, acceptedAt(message)));
    }

    /** When the message was accepted, in epoch milliseconds; 0 if it has no time. */
    public static long acceptedAt(Message message) {
        return message.timestamp() == null ? 0 : message.timestamp().toEpochMilli();
    }

    /** The fields of an {@code event} frame, also used inside replies that replay history. */
    public void writeTo(JsonGenerator json) {
        writeFields(json.writeStartObject(), channel, offset, epoch, message);
        json.writeEnd();
    }

    public String event() {
        return message.event();
    }

    private static void writeFields(JsonGenerator json, String channel, long offset, String epoch, Message m) {
        json.write("channel", channel)
                .write("event", m.event())
                .write("offset", offset)
                .write("epoch", epoch)
                .write("id", m.id())
                .write("timestamp", m.timestamp().toString())
                .write("data", m.data());
        if (m.userId() != null) {
            json.write("userId", m.userId());
        }
        if (m.storeId() != null) {
            json.write("storeId", m.storeId());
        }
    }
}
