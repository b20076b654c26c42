package org.ordercast.realtime.entity;

import java.util.Locale;

/** The {@code code} of an {@code error} frame. */
public enum ErrorCode {
    BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, TOO_LARGE, CONFLICT, UNKNOWN_TYPE, UNAVAILABLE, INTERNAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
