package org.ordercast.socketio.entity;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.ordercast.problem.entity.StrictJson;

/**
 * A Socket.IO (protocol 5) packet as it travels inside an Engine.IO message: its type digit, the namespace (default
 * {@code /}, written only when not), an acknowledgement id for events that want one, then the JSON payload (an
 * object for {@code CONNECT}, an array {@code [name, ...args]} for events and acknowledgements). Binary packets are
 * not accepted.
 */
public record SocketPacket(Type type, String namespace, Long ackId, JsonValue data) {

    public enum Type { CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK }

    public static SocketPacket parse(String text) throws BadPacketException {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            throw new BadPacketException("no Socket.IO packet type");
        }
        Type type = Type.values()[text.charAt(0) - '0'];
        if (type == Type.BINARY_EVENT || type == Type.BINARY_ACK) {
            throw new BadPacketException("binary packets are not accepted");
        }
        int at = 1;
        String namespace = "/";
        if (at < text.length() && text.charAt(at) == '/') {
            int comma = text.indexOf(',', at);
            namespace = comma < 0 ? text.substring(at) : text.substring(at, comma);
            at = comma < 0 ? text.length() : comma + 1;
        }
        int digits = at;
        while (digits < text.length() && digits - at < 18 && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        Long ackId = digits > at ? Long.valueOf(text.substring(at, digits)) : null;
        String json = text.substring(digits);
        JsonValue data = null;
        if (!json.isEmpty()) {
            try {
                data = StrictJson.read(json);
            } catch (JsonException e) {
                throw new BadPacketException("the payload is not valid JSON: " + e.getMessage());
            }
        }
        if ((type == Type.EVENT || type == Type.ACK) && !(data instanceof JsonArray)) {
            throw new BadPacketException("an event's payload is an array");
        }
        if (type == Type.EVENT && (data.asJsonArray().isEmpty()
                || data.asJsonArray().get(0).getValueType() != JsonValue.ValueType.STRING)) {
            throw new BadPacketException("an event's payload starts with its name");
        }
        if (type == Type.CONNECT && data != null && !(data instanceof JsonObject)) {
            throw new BadPacketException("a connect payload is an object");
        }
        return new SocketPacket(type, namespace, ackId, data);
    }

    public String encode() {
        var text = new StringBuilder().append(type.ordinal());
        if (!"/".equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (ackId != null) {
            text.append(ackId);
        }
        if (data != null) {
            text.append(data);
        }
        return text.toString();
    }

    /** The connect reply: the socket's id, and the {@code pid} the client sends back to recover the connection. */
    public static SocketPacket connected(String namespace, String socketId, String pid) {
        return new SocketPacket(Type.CONNECT, namespace, null,
                Json.createObjectBuilder().add("sid", socketId).add("pid", pid).build());
    }

    /** The server's end of a socket: the client does not reconnect it on its own. */
    public static SocketPacket disconnect(String namespace) {
        return new SocketPacket(Type.DISCONNECT, namespace, null, null);
    }

    public static SocketPacket connectError(String namespace, String message) {
        return new SocketPacket(Type.CONNECT_ERROR, namespace, null,
                Json.createObjectBuilder().add("message", message).build());
    }

    public static SocketPacket event(String namespace, String name, JsonValue... args) {
        var array = Json.createArrayBuilder().add(name);
        for (JsonValue arg : args) {
            array.add(arg);
        }
        return new SocketPacket(Type.EVENT, namespace, null, array.build());
    }

    public static SocketPacket ack(String namespace, long ackId, JsonValue... args) {
        var array = Json.createArrayBuilder();
        for (JsonValue arg : args) {
            array.add(arg);
        }
        return new SocketPacket(Type.ACK, namespace, ackId, array.build());
    }

    /** A packet that cannot be read: the client gets a {@code CONNECT_ERROR} or the connection closes. */
    public static class BadPacketException extends Exception {
        public BadPacketException(String message) {
            super(message);
        }
    }
}
