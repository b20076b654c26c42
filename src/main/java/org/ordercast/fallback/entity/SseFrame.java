package org.ordercast.fallback.entity;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Event as written on the wire: an optional {@code id} (the stream's cursor), an optional event
 * name and one line of data (the JSON encoder never writes a line break), or, without data, the keep-alive
 * comment; {@code acceptedAt} is when its publication was accepted (epoch milliseconds, 0 for other events). The
 * data string is the publication's shared encoding, so a queued event costs its stream little more
 * than a reference.
 */
public record SseFrame(String id, String name, String data, long acceptedAt) {

    public static final SseFrame KEEP_ALIVE = new SseFrame(null, null, null);

    /** An event that carries no publication. */
    public SseFrame(String id, String name, String data) {
        this(id, name, data, 0);
    }

    public byte[] bytes() {
        if (data == null) {
            return ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
        }
        var text = new StringBuilder(data.length() + (id == null ? 0 : id.length()) + 32);
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        if (name != null) {
            text.append("event: ").append(name).append('\n');
        }
        return text.append("data: ").append(data).append("\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** About its size on the wire, for the stream's byte cap. */
    public int weight() {
        return (data == null ? 0 : data.length()) + (id == null ? 0 : id.length()) + 16;
    }
}
