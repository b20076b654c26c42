package org.ordercast.realtime.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@code type} of a client frame. */
public enum FrameType {
    AUTHENTICATE, SUBSCRIBE, UNSUBSCRIBE, COMMAND, PRESENCE, PONG, PUBLISH;

    /** Looked up for every frame a client sends: no copy of {@code values()} and no lower-casing each time. */
    private static final Map<String, FrameType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FrameType::wireName, Function.identity()));

    public static Optional<FrameType> of(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
