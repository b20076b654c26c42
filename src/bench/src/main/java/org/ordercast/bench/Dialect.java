package org.ordercast.bench;

import java.nio.charset.StandardCharsets;

/**
 * What differs between the servers under test: where a subscriber connects, what it sends once the WebSocket is
 * open, and which of the server's text messages mean "ready", "subscribed" or "answer me". Everything else (framing,
 * timing, counting) is shared, so all three are measured by the same code.
 */
enum Dialect {

    /** ordercast protocol v1: token on the upgrade, {@code connected}, then a {@code subscribe} with an id. */
    ORDERCAST {
        @Override
        String path(String token) {
            return "/ws?access_token=" + token;
        }

        @Override
        String subscribe(String channel) {
            return "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + channel + "\"}";
        }

        @Override
        Reaction react(byte[] text, int from, int to) {
            if (startsWith(text, from, to, "{\"type\":\"ping\"")) {
                return Reaction.ANSWER;
            }
            if (startsWith(text, from, to, "{\"type\":\"error\"")) {
                return Reaction.FAILED;
            }
            return typed(text, from, to, "reply");
        }

        @Override
        String answer(byte[] text, int from, int to) {
            return "{\"type\":\"pong\"}";
        }
    },

    /**
     * Socket.IO 4 over its WebSocket transport (Engine.IO 4): the server opens with {@code 0{...}}, the client
     * connects to the default namespace with its token as auth ({@code 40{...}}), the server confirms with
     * {@code 40{...}}; {@code 421[...]} emits with acknowledgement 1, answered by {@code 431[...]}; events arrive as
     * {@code 42[...]}; the server pings with {@code 2} and expects {@code 3}.
     */
    SOCKET_IO {
        @Override
        String path(String token) {
            return "/socket.io/?EIO=4&transport=websocket";
        }

        @Override
        String subscribe(String channel) {
            return "421[\"subscribe\",\"" + channel + "\"]";
        }

        @Override
        String greeting(String token) {
            return "40{\"token\":\"" + token + "\"}";
        }

        @Override
        Reaction react(byte[] text, int from, int to) {
            if (startsWith(text, from, to, "42[")) {
                return Reaction.EVENT;
            }
            if (startsWith(text, from, to, "40")) {
                return Reaction.READY;
            }
            if (startsWith(text, from, to, "431")) {
                return Reaction.SUBSCRIBED;
            }
            if (to - from == 1 && text[from] == '2') {
                return Reaction.ANSWER;
            }
            if (startsWith(text, from, to, "44")) {
                return Reaction.FAILED;
            }
            return Reaction.NONE;
        }

        @Override
        String answer(byte[] text, int from, int to) {
            return "3";
        }
    },

    /** A plain {@code ws} server: token in the query, {@code connected} on open, then a JSON subscribe. */
    WS {
        @Override
        String path(String token) {
            return "/?token=" + token;
        }

        @Override
        String subscribe(String channel) {
            return "{\"subscribe\":\"" + channel + "\"}";
        }

        @Override
        Reaction react(byte[] text, int from, int to) {
            return typed(text, from, to, "subscribed");
        }

        @Override
        String answer(byte[] text, int from, int to) {
            return null;
        }
    };

    /** What a subscriber does with one text message. */
    enum Reaction { NONE, READY, SUBSCRIBED, EVENT, ANSWER, FAILED }

    abstract String path(String token);

    abstract String subscribe(String channel);

    /** Sent as soon as the WebSocket is open, before the server has said anything; null for none. */
    String greeting(String token) {
        return null;
    }

    abstract Reaction react(byte[] text, int from, int to);

    /** The reply to an {@link Reaction#ANSWER} message. */
    abstract String answer(byte[] text, int from, int to);

    static Dialect of(String name) {
        return switch (name) {
            case "ordercast" -> ORDERCAST;
            case "socketio" -> SOCKET_IO;
            case "ws" -> WS;
            default -> throw new IllegalArgumentException("unknown target '" + name + "': ordercast, socketio or ws");
        };
    }

    /** JSON messages with a leading {@code type}: {@code event}, {@code connected}, or the given subscribe answer. */
    private static Reaction typed(byte[] text, int from, int to, String subscribed) {
        if (startsWith(text, from, to, "{\"type\":\"event\"")) {
            return Reaction.EVENT;
        }
        if (startsWith(text, from, to, "{\"type\":\"connected\"")) {
            return Reaction.READY;
        }
        if (startsWith(text, from, to, "{\"type\":\"" + subscribed + "\"")) {
            return Reaction.SUBSCRIBED;
        }
        return Reaction.NONE;
    }

    static boolean startsWith(byte[] text, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
