package org.ordercast.broker.entity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One outbound JSON text, encoded once and shared by every recipient. Transports that write raw WebSocket frames
 * take {@link #webSocketFrame()}: a server frame is unmasked, so the same bytes serve every connection.
 */
public final class EncodedMessage {

    private final String text;
    private volatile ByteBuffer frame;

    public EncodedMessage(String text) {
        this.text = text;
    }

    public String text() {
        return text;
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
