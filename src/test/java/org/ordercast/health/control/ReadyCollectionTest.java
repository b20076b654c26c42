package org.ordercast.health.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ReadyCollectionTest {

    /** Collections of the old generation so far (System.gc() is one, whichever collector the JVM picked). */
    private static long oldCollections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> !gc.getName().matches("(?i).*(young|copy|scavenge|new).*"))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static ReadyCollection turned(boolean on) {
        var collection = new ReadyCollection();
        collection.enabled = on;
        return collection;
    }

    @Test
    void collectsOnceWhenFirstAskedAndNeverAgain() {
        var collection = turned(true);
        long before = oldCollections();
        collection.once();
        long after = oldCollections();
        assertTrue(after > before, "no full collection: " + before + " -> " + after);
        collection.once();
        assertEquals(after, oldCollections());
    }

    @Test
    void collectsNothingWhenTurnedOff() {
        long before = oldCollections();
        turned(false).once();
        assertEquals(before, oldCollections());
    }
}
