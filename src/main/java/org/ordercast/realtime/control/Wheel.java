package org.ordercast.realtime.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;

/**
 * Items placed at numbered ticks and taken out when their tick comes: a timer wheel, used by one thread only. An
 * item sits in at most one slot; it records the tick it was placed at (through the two functions the wheel is given),
 * so that moving or removing it looks at one slot only, not at every item.
 *
 * <p>A tick beyond the wheel's reach is placed at the farthest one it has: its owner looks at the item then and
 * places it again. A tick already past is placed at the next one to be taken out.
 */
final class Wheel<T> {

    /** What an item records while it is in no slot. */
    static final long NOWHERE = Long.MIN_VALUE;

    private final List<List<T>> slots;
    private final ToLongFunction<T> placedAt;
    private final ObjLongConsumer<T> recordPlacedAt;
    /** The first tick not yet taken out. */
    private long next;

    Wheel(int slots, long firstTick, ToLongFunction<T> placedAt, ObjLongConsumer<T> recordPlacedAt) {
        if (slots < 2) {
            throw new IllegalArgumentException("a wheel needs two slots at least, not " + slots);
        }
        this.slots = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            this.slots.add(null);
        }
        this.next = firstTick;
        this.placedAt = placedAt;
        this.recordPlacedAt = recordPlacedAt;
    }

    /** Places the item at {@code tick}, moving it from where it was. Answers the tick it was placed at. */
    long place(T item, long tick) {
        remove(item);
        long at = Math.min(Math.max(tick, next), next + slots.size() - 1);
        int index = index(at);
        List<T> slot = slots.get(index);
        if (slot == null) {
            slot = new ArrayList<>(4);
            slots.set(index, slot);
        }
        slot.add(item);
        recordPlacedAt.accept(item, at);
        return at;
    }

    /** Takes the item out of its slot, if it is in one. */
    void remove(T item) {
        long at = placedAt.applyAsLong(item);
        if (at == NOWHERE) {
            return;
        }
        List<T> slot = slots.get(index(at));
        for (int i = slot.size() - 1; i >= 0; i--) {
            if (slot.get(i) == item) {
                slot.remove(i);
                break;
            }
        }
        recordPlacedAt.accept(item, NOWHERE);
    }

    /** Takes out every item placed at a tick up to {@code tick}, adding them to {@code due} tick by tick. */
    void takeDue(long tick, List<T> due) {
        long last = Math.min(tick, next + slots.size() - 1);
        for (long t = next; t <= last; t++) {
            List<T> slot = slots.get(index(t));
            if (slot == null || slot.isEmpty()) {
                continue;
            }
            for (T item : slot) {
                recordPlacedAt.accept(item, NOWHERE);
            }
            due.addAll(slot);
            slot.clear();
        }
        next = Math.max(next, tick + 1);
    }

    /** The first tick not yet taken out: the earliest an item can be placed at. */
    long next() {
        return next;
    }

    private int index(long tick) {
        return (int) Math.floorMod(tick, (long) slots.size());
    }
}
