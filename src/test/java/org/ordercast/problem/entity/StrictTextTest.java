package org.ordercast.problem.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import org.junit.jupiter.api.Test;

class StrictTextTest {

    private static final byte E_ACUTE_LATIN = (byte) 0xE9;

    @Test
    void decodesUtf8IncludingAReplacementCharacterTheClientSentItself() {
        String text = "{\"name\":\"caf\u00e9 \uD83C\uDF70 \uFFFD\"}";
        assertEquals(text, StrictText.decode(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals("", StrictText.decode(new byte[0], StandardCharsets.UTF_8));
    }

    @Test
    void refusesBytesThatAreNoUtf8AndSaysWhereCountingFromOne() {
        assertEquals("not valid UTF-8 at byte 4", refusal(new byte[] {'c', 'a', 'f', E_ACUTE_LATIN}));
        assertEquals("not valid UTF-8 at byte 2", refusal(new byte[] {'x', (byte) 0xFF, 'y'}));
        // a sequence cut short at the end, an encoded surrogate half, an overlong '/'
        assertEquals("not valid UTF-8 at byte 3", refusal(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}));
        assertEquals("not valid UTF-8 at byte 1", refusal(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertEquals("not valid UTF-8 at byte 2", refusal(new byte[] {'a', (byte) 0xC0, (byte) 0xAF}));
        // a replacement character the client sent does not hide a bad byte after it
        byte[] both = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'x', (byte) 0x80};
        assertEquals("not valid UTF-8 at byte 5", refusal(both));
    }

    @Test
    void decodesTheCharsetTheRequestNames() {
        assertEquals("caf\u00e9", StrictText.decode(new byte[] {'c', 'a', 'f', E_ACUTE_LATIN},
                StrictText.charset("ISO-8859-1")));
        byte[] utf16 = "\u00e9".getBytes(StandardCharsets.UTF_16);
        assertEquals("\u00e9", StrictText.decode(utf16, StrictText.charset("utf-16")));
        var odd = assertThrows(StrictText.Malformed.class,
                () -> StrictText.decode(new byte[] {0, 'a', 0}, StandardCharsets.UTF_16BE));
        assertEquals("not valid UTF-16BE at byte 3", odd.getMessage());
    }

    @Test
    void namesNoCharsetForUtf8AndRefusesOnesThisJvmLacks() {
        assertEquals(StandardCharsets.UTF_8, StrictText.charset(null));
        assertEquals(StandardCharsets.UTF_8, StrictText.charset(" utf-8 "));
        assertThrows(UnsupportedCharsetException.class, () -> StrictText.charset("no-such-charset"));
        assertThrows(UnsupportedCharsetException.class, () -> StrictText.charset("bad name!"));
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(StrictText.Malformed.class, () -> StrictText.decode(bytes, StandardCharsets.UTF_8))
                .getMessage();
    }
}
