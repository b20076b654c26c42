package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.Since;
import org.ordercast.publish.entity.EventName;
import org.ordercast.realtime.entity.ClientFrame;
import org.ordercast.realtime.entity.ErrorCode;
import org.ordercast.realtime.entity.FrameType;

class FrameCodecTest {

    @Test
    void decodesEveryClientFrameType() throws ProtocolException {
        ClientFrame subscribe = FrameCodec.decode("{\"type\":\"subscribe\",\"id\":3,\"channel\":\"order:42\","
                + "\"since\":{\"offset\":17,\"epoch\":\"ab12\"},\"events\":[\"order.status_changed\"]}");
        assertEquals(FrameType.SUBSCRIBE, subscribe.type());
        assertEquals(3L, subscribe.id());
        assertEquals("order:42", subscribe.channel());
        assertEquals(new Since(17, "ab12"), subscribe.since());
        assertEquals(Set.of("order.status_changed"), subscribe.events());

        assertEquals("t0k", FrameCodec.decode("{\"type\":\"authenticate\",\"token\":\"t0k\"}").token());
        assertEquals("orders", FrameCodec.decode("{\"type\":\"unsubscribe\",\"channel\":\"orders\"}").channel());
        ClientFrame command = FrameCodec.decode("{\"type\":\"command\",\"name\":\"processing.pause\",\"args\":{\"run\":1}}");
        assertEquals("processing.pause", command.name());
        assertEquals(1, command.args().getInt("run"));
        assertTrue(FrameCodec.decode("{\"type\":\"command\",\"name\":\"status\"}").args().isEmpty());
        assertEquals("store:7", FrameCodec.decode("{\"type\":\"presence\",\"channel\":\"store:7\"}").channel());
        ClientFrame pong = FrameCodec.decode("{\"type\":\"pong\"}");
        assertEquals(FrameType.PONG, pong.type());
        assertNull(pong.id());
        ClientFrame publish = FrameCodec.decode("{\"type\":\"publish\",\"id\":9,\"channel\":\"orders\","
                + "\"event\":\"order.created\",\"data\":{\"n\":1},\"idempotencyKey\":\"k-1\"}");
        assertEquals(FrameType.PUBLISH, publish.type());
        assertEquals(9L, publish.id());
        assertEquals("orders", publish.publication().channel());
        assertEquals("order.created", publish.publication().event());
        assertEquals(1, publish.publication().data().asJsonObject().getInt("n"));
        assertEquals("k-1", publish.publication().idempotencyKey());
        assertNull(FrameCodec.decode("{\"type\":\"publish\",\"channel\":\"orders\",\"event\":\"order.created\"}")
                .publication().idempotencyKey());
    }

    @Test
    void aPublishFrameIsCheckedAsTheRestRequestIsNamingEveryFieldThatIsWrong() {
        var refusal = assertThrows(ProtocolException.class, () -> FrameCodec.decode(
                "{\"type\":\"publish\",\"id\":4,\"channel\":\" \",\"event\":\"Order Created\",\"idempotencyKey\":7}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
        assertEquals(4L, refusal.id());
        assertEquals("channel must not be blank; event " + EventName.MESSAGE + "; idempotencyKey must be a string",
                refusal.getMessage());
        assertTrue(refusal.malformed(), "a publish frame that REST would answer 400 counts as malformed");
    }

    @Test
    void refusesMalformedFramesWithCodeAndId() {
        Map<String, ErrorCode> bad = Map.of(
                "nope", ErrorCode.BAD_REQUEST,
                "[]", ErrorCode.BAD_REQUEST,
                "{\"id\":1}", ErrorCode.BAD_REQUEST,
                "{\"type\":\"dance\",\"id\":1}", ErrorCode.UNKNOWN_TYPE,
                "{\"type\":\"subscribe\",\"id\":1}", ErrorCode.BAD_REQUEST,
                "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":{\"offset\":\"1\",\"epoch\":\"e\"}}", ErrorCode.BAD_REQUEST,
                "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"events\":[]}", ErrorCode.BAD_REQUEST,
                "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":{\"offset\":18446744073709551617,"
                        + "\"epoch\":\"e\"}}", ErrorCode.BAD_REQUEST,
                "{\"type\":\"command\",\"id\":1,\"name\":\"x\",\"args\":3}", ErrorCode.BAD_REQUEST);
        bad.forEach((text, code) -> {
            var refusal = assertThrows(ProtocolException.class, () -> FrameCodec.decode(text), text);
            assertEquals(code, refusal.code(), text);
            if (text.contains("\"type\"")) {
                assertEquals(1L, refusal.id(), "the id is kept once the frame parsed: " + text);
            }
        });
        assertNull(assertThrows(ProtocolException.class, () -> FrameCodec.decode("{\"type\":\"pong\",\"id\":\"x\"}")).id());
    }

    @Test
    void aCursorAtOffsetZeroNeedsNoEpochAndEveryOtherDoes() throws ProtocolException {
        assertEquals(Since.fromStart(), FrameCodec.decode(
                "{\"type\":\"subscribe\",\"channel\":\"orders\",\"since\":{\"offset\":0}}").since());
        assertEquals(Since.fromStart(), FrameCodec.decode(
                "{\"type\":\"subscribe\",\"channel\":\"orders\",\"since\":{\"offset\":0,\"epoch\":null}}").since());
        assertEquals(new Since(0, "e7"), FrameCodec.decode(
                "{\"type\":\"subscribe\",\"channel\":\"orders\",\"since\":{\"offset\":0,\"epoch\":\"e7\"}}").since());
        for (String since : new String[] {"{\"offset\":5}", "{\"offset\":0,\"epoch\":7}", "{\"offset\":-1}"}) {
            var refusal = assertThrows(ProtocolException.class, () -> FrameCodec.decode(
                    "{\"type\":\"subscribe\",\"id\":6,\"channel\":\"orders\",\"since\":" + since + "}"), since);
            assertEquals(ErrorCode.BAD_REQUEST, refusal.code(), since);
            assertEquals("'since' must be {\"offset\": <integer >= 0>, \"epoch\": <string>} (the epoch may be left out"
                    + " at offset 0)", refusal.getMessage(), since);
        }
    }

    @Test
    void anEventFilterHoldsAtMostAHundredEventNames() throws ProtocolException {
        String hundred = IntStream.range(0, FrameCodec.MAX_EVENTS).mapToObj(n -> "\"order.e" + n + "\"")
                .collect(Collectors.joining(","));
        assertEquals(FrameCodec.MAX_EVENTS, FrameCodec.decode("{\"type\":\"subscribe\",\"channel\":\"orders\","
                + "\"events\":[" + hundred + "]}").events().size());
        for (String events : new String[] {hundred + ",\"order.more\"", "\"Order Created\"", "\"order.created\",7",
                "\"" + "e".repeat(201) + "\""}) {
            var refusal = assertThrows(ProtocolException.class, () -> FrameCodec.decode(
                    "{\"type\":\"subscribe\",\"id\":2,\"channel\":\"orders\",\"events\":[" + events + "]}"));
            assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
            assertTrue(refusal.getMessage().startsWith("'events' must be an array of 1 to 100 event names"),
                    refusal.getMessage());
        }
    }

    @Test
    void refusesAFrameNestedTooDeeplyAsABadRequest() {
        // a pong but for its nesting, deeper than the JSON-P provider reads
        String deep = "{\"type\":\"pong\",\"id\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        var refusal = assertThrows(ProtocolException.class, () -> FrameCodec.decode(deep));
        assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
        assertEquals("frame is not valid JSON: nested more than 500 levels at line 1, column 527", refusal.getMessage());
    }

    @Test
    void refusesAFrameWithMoreAfterItsObjectOrAKeyTwice() {
        // read leniently, the first would subscribe to store:7, the second to the channel named last
        for (String frame : new String[] {"{\"type\":\"subscribe\",\"id\":2,\"channel\":\"store:7\"} x",
            "{\"type\":\"subscribe\",\"id\":2,\"channel\":\"store:8\",\"channel\":\"store:7\"}"}) {
            var refusal = assertThrows(ProtocolException.class, () -> FrameCodec.decode(frame));
            assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
            assertTrue(refusal.getMessage().startsWith("frame is not valid JSON: "), refusal.getMessage());
        }
    }

    @Test
    void serverFramesAreCompactJson() {
        assertEquals("{\"type\":\"error\",\"id\":4,\"code\":\"forbidden\",\"message\":\"no\"}",
                ServerFrames.error(4L, ErrorCode.FORBIDDEN, "no").text());
        assertEquals("{\"type\":\"unsubscribed\",\"channel\":\"store:7\",\"reason\":\"rights lost\"}",
                ServerFrames.unsubscribed("store:7", "rights lost").text());
    }
}
