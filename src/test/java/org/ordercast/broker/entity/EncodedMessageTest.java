package org.ordercast.broker.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedMessageTest {

    @Test
    void framesShortMediumAndLongTextsPerRfc6455() {
        for (int length : new int[]{0, 125, 126, 65_535, 65_536, 200_000}) {
            String text = "é".repeat(length / 2) + "x".repeat(length % 2);
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = new EncodedMessage(text).webSocketFrame();
            assertEquals((byte) 0x81, frame.get(), "FIN and text opcode");
            int marker = frame.get() & 0xFF;
            long declared = marker < 126 ? marker : marker == 126 ? frame.getShort() & 0xFFFF : frame.getLong();
            assertEquals(payload.length, declared, "length " + length);
            byte[] body = new byte[frame.remaining()];
            frame.get(body);
            assertEquals(text, new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void sizeIsTheUtf8LengthOfEveryKindOfCharacter() {
        for (String text : new String[]{"", "{\"n\":1}", "café", "注文", "📦 order", "\uD83D", "a\uDE00b"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, new EncodedMessage(text).size(), text);
        }
    }

    @Test
    void eachCallerGetsItsOwnViewOfTheSharedFrame() {
        var message = new EncodedMessage("{\"type\":\"ping\"}");
        ByteBuffer first = message.webSocketFrame();
        first.get(new byte[first.remaining()]);
        assertEquals(17, message.webSocketFrame().remaining());
    }
}
