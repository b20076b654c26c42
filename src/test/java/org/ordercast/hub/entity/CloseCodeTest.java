package org.ordercast.hub.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodeTest {

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aReasonIsCutToTheBytesACloseFrameCarriesNeverInsideACharacter() {
        String reason = CloseCode.AUTHENTICATION_FAILED.reason("é".repeat(80) + "😀".repeat(40)).getReasonPhrase();
        assertTrue(bytes(reason) <= 123, reason + ": " + bytes(reason) + " bytes");
        assertTrue(bytes(reason) > 119, "cut no shorter than it must be: " + bytes(reason));
        assertEquals(reason, new String(reason.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                "no half of a surrogate pair left at the end");
        String emoji = CloseCode.AUTHENTICATION_FAILED.reason("😀".repeat(60)).getReasonPhrase();
        assertTrue(bytes(emoji) <= 123 && !Character.isHighSurrogate(emoji.charAt(emoji.length() - 1)), emoji);
    }

    @Test
    void aShortReasonIsKeptWhole() {
        assertEquals("too many connections or messages: too many messages",
                CloseCode.RATE_LIMITED.reason("too many messages").getReasonPhrase());
    }
}
