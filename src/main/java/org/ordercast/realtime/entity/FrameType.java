package org.ordercast.realtime.entity;

import java.util.Locale;
import java.util.Optional;

/** The {@code type} of a client frame. */
public enum FrameType {
    AUTHENTICATE, SUBSCRIBE, UNSUBSCRIBE, COMMAND, PRESENCE, PONG, PUBLISH;

    public static Optional<FrameType> of(String wireName) {
        for (FrameType type : values()) {
            if (type.wireName().equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
