package org.ordercast.hub.entity;

import jakarta.websocket.CloseReason;

/**
 * Every close code the server sends, and whether the client should reconnect after it. A WebSocket closes with
 * it; an SSE stream ends with a {@code close} event naming the code of the same situation.
 */
public enum CloseCode {
    GOING_AWAY(1001, true, "server shutting down"),
    DISCONNECTED(4000, true, "disconnected by the server"),
    POLICY_VIOLATION(1008, false, "policy violation"),
    SERVER_ERROR(1011, true, "server error"),
    TOO_LARGE(1009, false, "frame too large"),
    AUTHENTICATION_FAILED(4001, false, "authentication failed"),
    TOKEN_EXPIRED(4002, true, "token expired"),
    AUTHENTICATION_TIMEOUT(4003, true, "no authenticate in time"),
    SLOW_CONSUMER(4008, true, "slow consumer"),
    HEARTBEAT_MISSED(4010, true, "no pong to two pings"),
    TOKEN_UNVERIFIABLE(4011, true, "the token could not be verified now (identity provider unreachable)"),
    RATE_LIMITED(4029, true, "too many connections or messages");

    /** A close frame carries at most 123 bytes of reason (RFC 6455, 5.5). */
    private static final int MAX_REASON_BYTES = 123;

    private final int code;
    private final boolean reconnect;
    private final String meaning;

    CloseCode(int code, boolean reconnect, String meaning) {
        this.code = code;
        this.reconnect = reconnect;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public boolean reconnect() {
        return reconnect;
    }

    /**
     * What a close code means, for the logs: the meaning of a code the server sends, else the reason the closing
     * side gave, else what the standard says of the common ones.
     */
    public static String describe(int code, String reason) {
        for (CloseCode known : values()) {
            if (known.code == code) {
                return known.meaning;
            }
        }
        if (reason != null && !reason.isBlank()) {
            return reason;
        }
        return switch (code) {
            case 1000 -> "normal closure";
            case 1005 -> "no code given";
            case 1006 -> "closed without a close frame";
            default -> null;
        };
    }

    /** What the code means, with the detail of this occasion. */
    public String text(String detail) {
        return detail == null ? meaning : meaning + ": " + detail;
    }

    /** The close frame's reason: {@link #text}, cut to the 123 bytes of UTF-8 a close frame carries. */
    public CloseReason reason(String detail) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), fitted(text(detail)));
    }

    private static String fitted(String text) {
        if (text.length() * 3 <= MAX_REASON_BYTES) {
            return text;   // fits whatever its characters
        }
        int end = 0;
        int bytes = 0;
        while (end < text.length()) {
            int point = text.codePointAt(end);
            int size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(point);
        }
        return text.substring(0, end);
    }
}
