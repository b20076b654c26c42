package org.ordercast.envelope.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Publication;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Outbound;
import org.ordercast.hub.control.Rooms;
import org.ordercast.hub.control.Transport;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.problem.entity.StrictJson;
import org.ordercast.realtime.control.Seats;
import org.ordercast.realtime.control.TokenBucket;

/**
 * One client of the envelope protocol: its identity (anonymous until it authenticates), the channels it is in
 * ({@link Rooms}: its user's, its stores', {@code broadcast}) and the frames it is sent, each with the rooms' cursor,
 * so that {@code authenticate} with {@code resume} on a later connection, on any node, replays what it missed.
 */
public final class EnvelopeConnection implements Rooms.Listener {

    private final String id = UUID.randomUUID().toString();
    private final Session session;
    private final EnvelopeConnections connections;
    private final Outbound<EncodedMessage> outbound;
    private final TokenBucket messages;
    private final Rooms rooms;
    private volatile Identity identity = Identity.anonymous();
    private volatile boolean closed;
    /** The seat of its client's address it holds until it signs in or closes; null when it holds none. */
    private Seats.AnonymousSeat anonymousSeat;

    EnvelopeConnection(Session session, EnvelopeConnections connections, Transport<EncodedMessage> transport, Hub hub,
                       int messagesPerSecond) {
        this.session = session;
        this.connections = connections;
        this.outbound = new Outbound<>(transport, EnvelopeConnections.QUEUE, Long.MAX_VALUE,
                () -> connections.closeLater(this, CloseCode.SLOW_CONSUMER),
                failure -> connections.closeLater(this, CloseCode.SERVER_ERROR), connections.traffic());
        this.rooms = new Rooms(hub, this);
        this.messages = new TokenBucket(messagesPerSecond, 2 * messagesPerSecond);
    }

    public String id() {
        return id;
    }

    Identity identity() {
        return identity;
    }

    void identity(Identity identity) {
        this.identity = identity;
    }

    /**
     * Signs an anonymous connection in; false, and nothing changed, once it has closed: its end
     * ({@link EnvelopeConnections#forget}) has seen it anonymous and given back nothing.
     */
    synchronized boolean signIn(Identity identity) {
        if (closed) {
            return false;
        }
        this.identity = identity;
        releaseAnonymousSeat();
        return true;
    }

    /** Holds {@code seat} until it signs in or closes; false, and the seat given back, when it has closed already. */
    synchronized boolean seated(Seats.AnonymousSeat seat) {
        anonymousSeat = seat;
        if (closed) {
            releaseAnonymousSeat();
            return false;
        }
        return true;
    }

    private synchronized void releaseAnonymousSeat() {
        if (anonymousSeat != null) {
            anonymousSeat.release();
            anonymousSeat = null;
        }
    }

    Rooms rooms() {
        return rooms;
    }

    /**
     * A frame from the client: {@code authenticate}, {@code ping}; anything else gets an {@code ERROR} frame and
     * changes nothing. Past {@code ordercast.limits.messages-per-second} (twice that at once) it is closed with 4029, past
     * {@code ordercast.ws.max-frame-size} with 1009.
     */
    public void receive(String text) {
        connections.traffic().received(text);
        if (text.length() > connections.maxFrameSize()) {
            // not every container enforces the session's text buffer size
            close(CloseCode.TOO_LARGE, "more than " + connections.maxFrameSize() + " characters");
            return;
        }
        if (!messages.take()) {
            connections.metrics.limited("envelope", "messages-per-second");
            close(CloseCode.RATE_LIMITED, "too many messages");
            return;
        }
        JsonObject frame;
        try {
            frame = StrictJson.read(text) instanceof JsonObject object ? object : null;
        } catch (JsonException e) {
            error("bad_frame", "a frame is a JSON object with a string type; this one is not valid JSON: "
                    + e.getMessage());
            return;
        }
        if (frame == null || !(frame.get("type") instanceof JsonString type)) {
            error("bad_frame", "a frame is a JSON object with a string type");
            return;
        }
        JsonObject data = frame.get("data") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        switch (type.getString()) {
            case "authenticate" -> connections.authenticate(this, data);
            case "ping" -> send("pong", JsonValue.EMPTY_JSON_OBJECT, null);
            default -> error("unknown_type", "no frame type '" + abbreviate(type.getString())
                    + "': the client sends authenticate or ping");
        }
    }

    @Override
    public void deliver(String channel, Publication publication) {
        String event = publication.event();
        String type = channel.equals("broadcast") || event.equals("notification") ? "GENERAL_NOTIFICATION"
                // a cancellation is a status change (to CANCELLED) to the seed's clients
                : event.equals("order.cancelled") ? "ORDER_STATUS_CHANGED"
                : event.toUpperCase(Locale.ROOT).replace('.', '_');
        JsonValue data = publication.message().data();
        String user = publication.message().userId() != null ? publication.message().userId()
                : channel.startsWith("user:") ? channel.substring(5) : null;
        String store = channel.startsWith("store:") ? channel.substring(6) : null;
        send(type, data == null ? JsonValue.NULL : data, frame -> {
            if (user != null) {
                frame.add("userId", user);
            }
            if (store != null) {
                frame.add("storeId", store);
            }
        }, publication.encoded().acceptedAt());
    }

    @Override
    public void lost(String channel) {
        // publications never reached this node: the client reconnects and resumes from its cursor
        close(CloseCode.DISCONNECTED, "publications of " + channel + " were lost: resume from your cursor");
    }

    /** Users joining or leaving a store's channel (its presence), as {@code USER_JOINED} and {@code USER_LEFT}. */
    @Override
    public void presence(String channel, EncodedMessage frame) {
        if (!channel.startsWith("store:")) {
            return;
        }
        JsonObject change;
        try (var reader = Json.createReader(new StringReader(frame.text()))) {
            change = reader.readObject();
        }
        String store = channel.substring(6);
        change.getJsonArray("joined").getValuesAs(JsonString.class).forEach(user -> send("USER_JOINED",
                Json.createObjectBuilder().add("userId", user.getString()).build(),
                f -> f.add("userId", user.getString()).add("storeId", store)));
        change.getJsonArray("left").getValuesAs(JsonString.class).forEach(user -> send("USER_LEFT",
                Json.createObjectBuilder().add("userId", user.getString()).build(),
                f -> f.add("userId", user.getString()).add("storeId", store)));
    }

    /** A frame {@code {type, data, timestamp, sessionId, cursor, ...}}, queued with the rooms' current cursor. */
    void send(String type, JsonValue data, Consumer<JsonObjectBuilder> more) {
        send(type, data, more, 0);
    }

    /** The same, for a publication accepted at {@code acceptedAt} (epoch milliseconds): its latency is taken. */
    private void send(String type, JsonValue data, Consumer<JsonObjectBuilder> more, long acceptedAt) {
        rooms.withCursor(cursor -> {
            JsonObjectBuilder frame = Json.createObjectBuilder().add("type", type).add("data", data)
                    .add("timestamp", Instant.now().toString()).add("sessionId", id);
            if (more != null) {
                more.accept(frame);
            }
            outbound.offer(new EncodedMessage(frame.add("cursor", cursor).build().toString(), acceptedAt));
        });
    }

    int queueDepth() {
        return outbound.depth();
    }

    void error(String code, String message) {
        send("ERROR", Json.createObjectBuilder().add("code", code).add("message", message).build(), null);
    }

    void close(CloseCode code, String detail) {
        if (closed) {
            return;
        }
        try {
            session.close(code.reason(detail));
        } catch (IOException | IllegalStateException e) {
            // gone already
        }
        closed(code.code());
    }

    /** The WebSocket closed with {@code code}: the connection leaves its channels and its stores' presence. */
    public void closed(int code) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            releaseAnonymousSeat();
        }
        outbound.close();
        connections.forget(this, code);
        rooms.leaveAll();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
