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

    public CloseReason reason(String detail) {
        String text = text(detail);
        // a close frame carries at most 123 bytes of reason
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), text.length() > 120 ? text.substring(0, 120) : text);
    }
}
