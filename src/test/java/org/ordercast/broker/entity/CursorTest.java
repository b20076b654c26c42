package org.ordercast.broker.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void readsEveryChannelsPositionAndWritesThemBackInOrder() {
        Cursor cursor = Cursor.parse(" orders~e1~0,store:7~e2~9223372036854775807 ");
        assertEquals(Map.of("orders", new Since(0, "e1"), "store:7", new Since(Long.MAX_VALUE, "e2")),
                cursor.positions());
        assertEquals("orders~e1~0,store:7~e2~9223372036854775807", cursor.toString());
        assertTrue(Cursor.parse(null).positions().isEmpty());
        assertTrue(Cursor.parse("  ").positions().isEmpty());
    }

    @Test
    void refusesAPartWithoutAnOffsetOfZeroOrMore() {
        for (String text : new String[] {"orders~e1~-1", "orders~e1~abc", "orders~e1~9223372036854775808",
                "orders~e1~", "orders~e1", "orders~e1~1~2", "orders~e1~1,,store:7~e2~1"}) {
            var refused = assertThrows(IllegalArgumentException.class, () -> Cursor.parse(text), text);
            assertTrue(refused.getMessage().startsWith("cursor part '"), refused.getMessage());
        }
    }
}
