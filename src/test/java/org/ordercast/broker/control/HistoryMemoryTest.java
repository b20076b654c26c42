package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HistoryMemoryTest {

    private static long directBytesInUse() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow().getMemoryUsed();
    }

    @Test
    void freesANativeArrayAtOnceNotWhenItsObjectIsCollected() {
        var memory = new HistoryMemory(Long.MAX_VALUE);
        long before = directBytesInUse();
        var bytes = memory.allocate(4 * 1024 * 1024);
        assertTrue(bytes.isDirect());
        assertEquals(4 * 1024 * 1024, memory.held());
        assertTrue(directBytesInUse() - before >= 4 * 1024 * 1024);
        memory.free(bytes);
        assertEquals(0, memory.held());
        // the buffer is still referenced here: only an explicit free gives its memory back now
        assertTrue(directBytesInUse() - before < 4 * 1024 * 1024, "direct memory still in use after free");
    }

    @Test
    void keepsSmallArraysAndThosePastTheLimitOnTheHeap() {
        var memory = new HistoryMemory(HistoryMemory.NATIVE_FROM);
        assertFalse(memory.allocate(HistoryMemory.NATIVE_FROM - 1).isDirect());
        var large = memory.allocate(HistoryMemory.NATIVE_FROM);
        assertTrue(large.isDirect());
        assertFalse(memory.allocate(HistoryMemory.NATIVE_FROM).isDirect());
        assertEquals(HistoryMemory.NATIVE_FROM, memory.held());
        memory.free(large);
        assertEquals(0, memory.held());
        assertTrue(memory.allocate(HistoryMemory.NATIVE_FROM).isDirect());
        assertFalse(HistoryMemory.HEAP.allocate(1 << 20).isDirect());
    }
}
