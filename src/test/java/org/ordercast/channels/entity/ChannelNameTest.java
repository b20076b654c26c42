package org.ordercast.channels.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelNameTest {

    @Test
    void namespaceAlone() {
        ChannelName orders = ChannelName.parse("orders");
        assertEquals("orders", orders.namespace());
        assertNull(orders.id());
        assertFalse(orders.hasId());
        assertEquals("orders", orders.toString());
    }

    @Test
    void namespaceAndId() {
        ChannelName user = ChannelName.parse("user:alice@example.com");
        assertEquals("user", user.namespace());
        assertEquals("alice@example.com", user.id());
        assertEquals("user:alice@example.com", user.toString());
    }

    @Test
    void malformedNamesAreRefusedWithAReason() {
        for (String bad : List.of("", "Orders", "9lives", "store:", "store:a b", "store:7:8", ":7", "a".repeat(40),
                "store:" + "x".repeat(129), "ord ers")) {
            var refusal = assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(bad), bad);
            assertTrue(refusal.getMessage().contains("channel"), refusal.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(null));
    }
}
