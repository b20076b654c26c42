package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WheelTest {

    /** An item that records where the wheel put it, as a connection does. */
    static final class Item {
        final String name;
        long at = Wheel.NOWHERE;

        Item(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Wheel<Item> wheel(int slots) {
        return new Wheel<>(slots, 0, item -> item.at, (item, at) -> item.at = at);
    }

    private static List<Item> take(Wheel<Item> wheel, long tick) {
        var due = new ArrayList<Item>();
        wheel.takeDue(tick, due);
        return due;
    }

    @Test
    void anItemComesOutAtItsTickNotBefore() {
        var wheel = wheel(8);
        var a = new Item("a");
        var b = new Item("b");
        wheel.place(a, 3);
        wheel.place(b, 1);
        assertEquals(List.of(), take(wheel, 0));
        assertEquals(List.of(b), take(wheel, 1));
        assertEquals(Wheel.NOWHERE, b.at, "an item taken out is in no slot");
        assertEquals(3, a.at);
        assertEquals(List.of(), take(wheel, 2));
        assertEquals(List.of(a), take(wheel, 3));
        assertEquals(List.of(), take(wheel, 11), "each item came out once, not again a turn of the wheel later");
    }

    @Test
    void ticksSkippedByALateTakeComeOutTogetherInTheirOrder() {
        var wheel = wheel(8);
        var a = new Item("a");
        var b = new Item("b");
        var c = new Item("c");
        wheel.place(c, 5);
        wheel.place(a, 2);
        wheel.place(b, 4);
        assertEquals(List.of(a, b), take(wheel, 4));
        assertEquals(List.of(c), take(wheel, 5));
    }

    @Test
    void placingAgainMovesAnItemAndRemovingTakesItOut() {
        var wheel = wheel(8);
        var a = new Item("a");
        var b = new Item("b");
        wheel.place(a, 2);
        wheel.place(b, 3);
        wheel.place(a, 6);
        wheel.remove(b);
        assertEquals(Wheel.NOWHERE, b.at);
        wheel.remove(b);   // a second time does nothing
        assertEquals(List.of(), take(wheel, 5), "a came out of tick 2's slot, b out of the wheel");
        assertEquals(List.of(a), take(wheel, 6));
        assertEquals(List.of(), take(wheel, 20));
    }

    @Test
    void aPastTickIsTheNextOneAndOneBeyondReachTheFarthest() {
        var wheel = wheel(4);
        take(wheel, 9);
        assertEquals(10, wheel.next());
        var late = new Item("late");
        var far = new Item("far");
        assertEquals(10, wheel.place(late, 7));
        assertEquals(13, wheel.place(far, 100));
        assertEquals(List.of(late), take(wheel, 10));
        assertEquals(List.of(), take(wheel, 12));
        assertEquals(List.of(far), take(wheel, 13), "to be looked at then, and placed again by its owner");
    }

    @Test
    void aTakeLaterThanAWholeTurnEmptiesTheWheelOnce() {
        var wheel = wheel(4);
        var items = new ArrayList<Item>();
        for (int tick = 0; tick < 4; tick++) {
            var item = new Item("at " + tick);
            items.add(item);
            wheel.place(item, tick);
        }
        assertEquals(items, take(wheel, 1_000));
        assertEquals(1_001, wheel.next());
        var next = new Item("next");
        wheel.place(next, 1_001);
        assertEquals(List.of(next), take(wheel, 1_001));
    }

    @Test
    void aWheelOfOneSlotIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> wheel(1));
    }
}
