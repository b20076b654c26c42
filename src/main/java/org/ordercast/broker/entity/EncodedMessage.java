package org.ordercast.broker.entity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One outbound JSON text, encoded once and shared by every recipient. Transports that write raw WebSocket frames
 * take {@link #webSocketFrame()}: a server frame is unmasked, so the same bytes serve every connection.
 */
public final class EncodedMessage {

    private final String text;
    /** When the publication this frame carries was accepted (epoch milliseconds); 0 for any other frame. */
    private final long acceptedAt;
    private volatile ByteBuffer frame;
    /** The text's UTF-8 length, -1 until asked for. */
    private int size = -1;

    public EncodedMessage(String text) {
        this(text, 0);
    }

    /** The frame of a publication accepted at {@code acceptedAt} (epoch milliseconds), for its delivery latency. */
    public EncodedMessage(String text, long acceptedAt) {
        this.text = text;
        this.acceptedAt = acceptedAt;
    }

    /** When the publication this frame carries was accepted (epoch milliseconds), or 0. */
    public long acceptedAt() {
        return acceptedAt;
    }

    public String text() {
        return text;
    }

    /** The text's length in UTF-8 bytes, counted once and shared like the text. */
    public int size() {
        int n = size;
        if (n < 0) {
            n = utf8Length(text);
            size = n;
        }
        return n;
    }

    /** How many bytes {@code text} takes in UTF-8 as the JDK encodes it, without encoding it. */
    public static int utf8Length(CharSequence text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                // a pair: four bytes for two chars
                bytes += 2;
                i++;
            }
            // a lone surrogate is written as '?': one byte
        }
        return bytes;
    }

    /**
     * A read-only view of the complete RFC 6455 text frame (FIN set, unmasked), framed on first use, in native
     * memory: a socket write of a heap buffer would first copy it to a temporary native one, once per recipient.
     */
    public ByteBuffer webSocketFrame() {
        ByteBuffer framed = frame;
        if (framed == null) {
            framed = frame(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
            frame = framed;
        }
        return framed.duplicate();
    }

    /** The frames of several messages back to back, for one write. */
    public static ByteBuffer concatenate(java.util.List<EncodedMessage> messages) {
        int size = 0;
        ByteBuffer[] parts = new ByteBuffer[messages.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = messages.get(i).webSocketFrame();
            size += parts[i].remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part);
        }
        return all.flip();
    }

    static ByteBuffer frame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        ByteBuffer buffer = ByteBuffer.allocateDirect(header + length);
        buffer.put((byte) 0x81);
        if (length < 126) {
            buffer.put((byte) length);
        } else if (length < 65_536) {
            buffer.put((byte) 126).putShort((short) length);
        } else {
            buffer.put((byte) 127).putLong(length);
        }
        return buffer.put(payload).flip();
    }

    @Override
    public String toString() {
        return text;
    }
}
