package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Publication;

class FrameHistoryTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00.123456Z");

    private static Publication publication(long offset, String text) {
        var data = Json.createObjectBuilder().add("orderId", "o-" + offset).add("note", text).add("total", 12.5).build();
        var message = new Message("id-" + offset, "order.created", data, offset % 2 == 0 ? "u-1" : null, "s-7",
                START.plusSeconds(offset));
        return Publication.of("store:7", offset, "e1", message);
    }

    private static List<Long> offsets(List<Publication> publications) {
        return publications.stream().map(Publication::offset).toList();
    }

    @Test
    void replaysTheSamePublicationsItWasGivenWhateverTheirSizes() {
        var history = new FrameHistory(HistoryMemory.HEAP);
        var given = new java.util.ArrayList<Publication>();
        for (long offset = 1; offset <= 40; offset++) {
            // sizes rise and fall so that slots are both reused and replaced, with text beyond ASCII
            String text = "ü€😀 ".repeat((int) (offset * 7 % 23)) + "x".repeat((int) (offset * 31 % 300));
            Publication p = publication(offset, text);
            given.add(p);
            history.add(p, 10);
        }
        List<Publication> replayed = history.after(30, 100);
        assertEquals(LongStream.rangeClosed(31, 40).boxed().toList(), offsets(replayed));
        for (Publication p : replayed) {
            Publication original = given.get((int) p.offset() - 1);
            assertEquals(original.encoded().text(), p.encoded().text());
            assertEquals(original.message(), p.message());
            assertEquals(original.channel(), p.channel());
            assertEquals(original.epoch(), p.epoch());
            assertEquals(original.encoded().acceptedAt(), p.encoded().acceptedAt());
        }
    }

    @Test
    void keepsTheLastPublicationsUpToTheLimitAndReplaysAPage() {
        var history = new FrameHistory(HistoryMemory.HEAP);
        assertTrue(history.isEmpty());
        assertEquals(1, history.oldestOffset(1));
        for (long offset = 1; offset <= 25; offset++) {
            history.add(publication(offset, "a"), 10);
        }
        assertEquals(16, history.oldestOffset(26));
        assertEquals(List.of(16L, 17L, 18L), offsets(history.after(0, 3)));
        assertEquals(List.of(24L, 25L), offsets(history.after(23, 10)));
        assertEquals(List.of(), history.after(25, 10));

        // a larger limit grows the ring and keeps what it had, in order
        for (long offset = 26; offset <= 60; offset++) {
            history.add(publication(offset, "b"), 40);
        }
        assertEquals(21, history.oldestOffset(61));
        assertEquals(LongStream.rangeClosed(21, 60).boxed().toList(), offsets(history.after(0, 100)));

        // a smaller one trims from the oldest
        history.trim(5, 0);
        assertEquals(LongStream.rangeClosed(56, 60).boxed().toList(), offsets(history.after(0, 100)));
    }

    @Test
    void keepsItsArrayWhenFramesGrowByAFewBytes() {
        var history = new FrameHistory(HistoryMemory.HEAP);
        for (long offset = 90; offset <= 99; offset++) {
            history.add(publication(offset, "e"), 10);
        }
        long held = history.bytesHeld();
        // from offset 100 the offset, the order id and the message id each take a digit more: 3 bytes a frame, and
        // then from 1,000 three more; the array left room for that when it last grew
        for (long offset = 100; offset <= 1_009; offset++) {
            history.add(publication(offset, "e"), 10);
        }
        assertEquals(held, history.bytesHeld());
        assertEquals(LongStream.rangeClosed(1_000, 1_009).boxed().toList(), offsets(history.after(0, 100)));
        // frames much longer than those before them get a larger array, and the frames kept move into it whole
        history.add(publication(1_010, "e".repeat(2_000)), 10);
        assertTrue(history.bytesHeld() > held);
        assertEquals(LongStream.rangeClosed(1_001, 1_010).boxed().toList(), offsets(history.after(0, 100)));
        assertEquals("e".repeat(2_000), history.after(1_009, 1).get(0).message().data().asJsonObject().getString("note"));
    }

    @ParameterizedTest(name = "native memory: {0}, limits up to {1}")
    @CsvSource({"false, 40", "true, 40", "true, 600"})
    void replaysWhatASimpleListWouldAcrossWrapsGrowthAndTrims(boolean outsideTheHeap, int largestLimit) {
        var memory = new HistoryMemory(outsideTheHeap ? Long.MAX_VALUE : 0);
        var history = new FrameHistory(memory);
        boolean wentNative = false;
        var kept = new java.util.ArrayDeque<Publication>();
        var random = new java.util.Random(7);
        int limit = 12;
        for (long offset = 1; offset <= 3_000; offset++) {
            if (offset % 500 == 0) {
                // the namespace's limit changes now and then, both ways
                limit = 1 + random.nextInt(largestLimit);
                history.trim(limit, 0);
                while (kept.size() > limit) {
                    kept.removeFirst();
                }
            }
            // sizes spread wide, so frames run past the array's end and the array grows while holding them
            Publication p = publication(offset, "ä".repeat(random.nextInt(8)) + "x".repeat(random.nextInt(600)));
            history.add(p, limit);
            kept.addLast(p);
            while (kept.size() > limit) {
                kept.removeFirst();
            }
            long since = kept.getFirst().offset() - 1 + random.nextInt(kept.size());
            List<Publication> replayed = history.after(since, 25);
            List<Publication> expected = kept.stream().filter(k -> k.offset() > since).limit(25).toList();
            assertEquals(offsets(expected), offsets(replayed));
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).encoded().text(), replayed.get(i).encoded().text());
            }
            wentNative |= history.isNative();
            assertEquals(history.nativeBytes(), memory.held());
        }
        assertEquals(outsideTheHeap, wentNative);
        history.release();
        assertEquals(0, memory.held());
        assertTrue(history.isEmpty());
    }

    @Test
    void trimsPublicationsAcceptedBeforeTheOldestTimeKept() {
        var history = new FrameHistory(HistoryMemory.HEAP);
        for (long offset = 1; offset <= 6; offset++) {
            history.add(publication(offset, "c"), 100);
        }
        history.trim(100, START.plusSeconds(4).toEpochMilli());
        assertEquals(List.of(4L, 5L, 6L), offsets(history.after(0, 100)));
        history.trim(100, START.plusSeconds(60).toEpochMilli());
        assertTrue(history.isEmpty());
        assertEquals(7, history.oldestOffset(7));
        history.add(publication(7, "d"), 100);
        assertEquals(List.of(7L), offsets(history.after(6, 100)));
    }

    @Test
    void movesOutsideTheHeapOnceLargeAndGivesTheMemoryBackWhenEmptied() {
        var memory = new HistoryMemory(Long.MAX_VALUE);
        var history = new FrameHistory(memory);
        history.add(publication(1, "s"), 100);
        assertFalse(history.isNative());
        assertEquals(0, memory.held());
        for (long offset = 2; offset <= 100; offset++) {
            history.add(publication(offset, "l".repeat(400)), 100);
        }
        assertTrue(history.isNative());
        assertEquals(history.nativeBytes(), memory.held());
        assertEquals(LongStream.rangeClosed(96, 100).boxed().toList(), offsets(history.after(95, 100)));
        history.trim(100, START.plusSeconds(1_000).toEpochMilli());
        assertTrue(history.isEmpty());
        assertEquals(0, memory.held());
        // and takes it again when it fills up again
        for (long offset = 101; offset <= 200; offset++) {
            history.add(publication(offset, "l".repeat(400)), 100);
        }
        assertTrue(history.isNative());
        assertEquals(LongStream.rangeClosed(101, 200).boxed().toList(), offsets(history.after(0, 100)));
    }

    private static void fill(FrameHistory history) {
        for (long offset = 1; offset <= 100; offset++) {
            history.add(publication(offset, "l".repeat(400)), 100);
        }
    }

    @Test
    void staysOnTheHeapPastItsShareOfNativeMemory() {
        var alone = new FrameHistory(new HistoryMemory(Long.MAX_VALUE));
        fill(alone);
        // room for one such history while it grows (its last two arrays at once), not for a second beside it
        long limit = alone.bytesHeld() * 5 / 2;
        var memory = new HistoryMemory(limit);
        var first = new FrameHistory(memory);
        var second = new FrameHistory(memory);
        fill(first);
        fill(second);
        assertTrue(first.isNative());
        assertFalse(second.isNative());
        assertEquals(first.nativeBytes() + second.nativeBytes(), memory.held());
        assertTrue(memory.held() <= limit);
        assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), offsets(second.after(0, 100)));
        assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), offsets(first.after(0, 100)));
    }

    @Test
    void keepsItsSlotsOutsideTheHeapOnceTheyTakeEnough() {
        var memory = new HistoryMemory(Long.MAX_VALUE);
        var history = new FrameHistory(memory);
        for (long offset = 1; offset <= 1_200; offset++) {
            history.add(publication(offset, "s"), 500);
        }
        // 500 slots of 24 bytes, beside the frames
        assertEquals(history.bytesHeld() + 500 * 24, history.nativeBytes());
        assertEquals(history.nativeBytes(), memory.held());
        assertEquals(LongStream.rangeClosed(701, 1_200).boxed().toList(), offsets(history.after(0, 1_000)));
        assertEquals(List.of(1_200L), offsets(history.after(1_199, 10)));
        history.trim(300, 0);
        assertEquals(LongStream.rangeClosed(901, 1_200).boxed().toList(), offsets(history.after(0, 1_000)));
        history.release();
        assertEquals(0, memory.held());
    }
}
