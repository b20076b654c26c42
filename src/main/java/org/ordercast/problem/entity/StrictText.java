package org.ordercast.problem.entity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * A client's bytes as text, refusing what {@code new String(bytes, charset)} lets through: bytes that are no character
 * in the charset, which it turns into U+FFFD, so that "caf" and the byte E9 (ISO-8859-1's e acute) sent as UTF-8 was
 * published as "caf" and U+FFFD to every subscriber. A WebSocket text frame with such bytes is closed with 1007 by the
 * container (RFC 6455); the bodies of HTTP requests get the same check here.
 */
public final class StrictText {

    private static final char REPLACEMENT = '\uFFFD';

    private StrictText() {
    }

    /** Bytes that are no text in the charset they were sent in; the message says where, counting from byte 1. */
    public static final class Malformed extends IllegalArgumentException {

        Malformed(Charset charset, int position) {
            super("not valid " + charset.name() + " at byte " + (position + 1));
        }
    }

    /**
     * The charset a request's {@code Content-Type} names ({@code name}, null when it names none, which is UTF-8).
     *
     * @throws UnsupportedCharsetException for a name this JVM has no charset for
     */
    public static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException e) {
            throw new UnsupportedCharsetException(name);
        }
    }

    /**
     * {@code bytes} decoded in {@code charset}.
     *
     * @throws Malformed where a byte is no character of the charset, or a character has no mapping
     */
    public static String decode(byte[] bytes, Charset charset) {
        if (StandardCharsets.UTF_8.equals(charset)) {
            // the common case, at the speed of the JDK's own decoder: U+FFFD appears only where it replaced bad
            // input, or where the client sent U+FFFD itself, which the strict pass below tells apart
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.indexOf(REPLACEMENT) < 0) {
                return text;
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in)
                    .toString();
        } catch (CharacterCodingException e) {
            // the decoder stops on the first byte it cannot take
            throw new Malformed(charset, in.position());
        }
    }
}
