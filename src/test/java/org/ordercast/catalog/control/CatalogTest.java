package org.ordercast.catalog.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ordercast.catalog.entity.EventType;
import org.ordercast.publish.entity.EventName;

class CatalogTest {

    @Test
    void everyEventIsListedOnceWithAValidNameAndPayload() {
        var names = new HashSet<String>();
        for (EventType type : Catalog.EVENTS) {
            assertTrue(names.add(type.name()), "listed twice: " + type.name());
            assertTrue(Pattern.matches(EventName.PATTERN, type.name()), type.name());
            assertTrue(type.payload().isRecord());
            assertTrue(!type.namespaces().isEmpty() && !type.seedNames().isEmpty(), type.name());
        }
        for (String seedEvent : List.of("order.created", "order.status_changed", "order.cancelled", "inventory.low_stock",
                "inventory.out_of_stock", "inventory.restocked", "processing.status", "processing.log",
                "queue.job_progress", "queue.job_completed", "queue.job_failed", "queue.stats", "dashboard.metrics",
                "commission.calculated", "commission.updated", "profile.updated", "customer.created",
                "customer.updated", "store.updated", "product.updated", "category.updated", "notification")) {
            assertTrue(names.contains(seedEvent), "the design's catalog names " + seedEvent);
        }
        assertFalse(names.contains("presence.joined") || names.contains("presence.left"),
                "presence changes are presence frames, not publications");
    }

    @Test
    void payloadFieldsAreDescribedWithJsonTypes() {
        EventType metrics = Catalog.of("dashboard.metrics").orElseThrow();
        var fields = Catalog.fields(metrics);
        assertEquals("number", fields.get("revenue"));
        assertEquals("integer", fields.get("openOrders"));
        assertEquals("string", fields.get("timestamp"));
    }
}
