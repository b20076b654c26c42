package org.ordercast.broker.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a client stands on each of its channels, as one string: {@code <channel>~<epoch>~<offset>} joined by
 * {@code ,}. It is the SSE event id, so {@code Last-Event-ID} resumes every channel of a stream at once, and the offset
 * a Socket.IO client sends back to recover its rooms. Neither {@code ~} nor {@code ,} can occur in a channel name or
 * an epoch.
 */
public final class Cursor {

    private final Map<String, Since> positions = new LinkedHashMap<>();

    public static Cursor parse(String text) {
        var cursor = new Cursor();
        if (text == null || text.isBlank()) {
            return cursor;
        }
        for (String part : text.strip().split(",")) {
            String[] fields = part.split("~");
            if (fields.length != 3) {
                throw new IllegalArgumentException("cursor part '" + part + "' is not <channel>~<epoch>~<offset>");
            }
            long offset;
            try {
                offset = Long.parseLong(fields[2]);
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw new IllegalArgumentException("cursor part '" + part + "' has no offset of 0 or more");
            }
            cursor.positions.put(fields[0], new Since(offset, fields[1]));
        }
        return cursor;
    }

    public Optional<Since> of(String channel) {
        return Optional.ofNullable(positions.get(channel));
    }

    public void advance(String channel, String epoch, long offset) {
        positions.put(channel, new Since(offset, epoch));
    }

    public void remove(String channel) {
        positions.remove(channel);
    }

    /** Every channel with its position, in the order they were added. */
    public Map<String, Since> positions() {
        return Collections.unmodifiableMap(positions);
    }

    @Override
    public String toString() {
        var text = new StringBuilder();
        positions.forEach((channel, since) -> text.append(text.isEmpty() ? "" : ",")
                .append(channel).append('~').append(since.epoch()).append('~').append(since.offset()));
        return text.toString();
    }
}
