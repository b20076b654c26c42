package org.ordercast.broker.control;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ordercast.broker.entity.Publication;

/**
 * A channel's history in memory as the UTF-8 bytes of each publication's {@code event} frame, laid end to end in one
 * circular array, with the start, length, offset and acceptance time of each frame in a ring of slots in a second
 * array. Once the history is full, appending writes over the bytes of the publications it evicts and allocates
 * nothing that outlives the call; the frames' array is replaced only when what it must hold outgrows it, by half its
 * size again, and the slots' when the limit grows.
 * <p>
 * Keeping each {@link Publication} instead (its parsed data, its message and the frame's text, some 25 objects) made
 * every retained publication survive a young collection and later fill the old generation. An array per frame was
 * better but still left one object per retained publication (250,000 for 500 full store channels) for every young
 * collection to copy until they were promoted. A history is now four objects whatever it holds, and both arrays
 * live outside the heap once they are large ({@link HistoryMemory}), so that collections do not copy them at all.
 * A replay decodes the frames it returns ({@link Publication#fromFrame}). Not thread-safe: {@link ChannelLog} holds
 * its lock, and the arrays never leave this object, so that a native one can be freed the moment it is replaced.
 */
final class FrameHistory {

    private static final int FIRST_CAPACITY = 8;
    private static final int FIRST_BYTES = 1024;
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);
    /** The longest array the JVM allocates, with room for its header. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    /** A slot: the frame's start and length (ints), the publication's offset and acceptance time (longs). */
    private static final int SLOT = 24;
    private static final int START = 0;
    private static final int LENGTH = 4;
    private static final int OFFSET = 8;
    private static final int ACCEPTED = 16;

    private final HistoryMemory memory;
    /**
     * The frames' bytes, read and written only by index: those of the oldest start at the start of slot
     * {@code first}, the next frame goes at {@code end}.
     */
    private ByteBuffer bytes = NONE;
    private int end;
    private int bytesUsed;
    /** The ring of slots, {@code size} of them in use from slot {@code first}. */
    private ByteBuffer slots = NONE;
    private int capacity;
    private int first;
    private int size;

    FrameHistory(HistoryMemory memory) {
        this.memory = memory;
    }

    /** Appends a publication, first dropping the oldest while {@code limit} (at least 1) are kept already. */
    void add(Publication publication, int limit) {
        while (size >= limit) {
            removeFirst();
        }
        if (size == capacity) {
            grow(Math.min(limit, Math.max(FIRST_CAPACITY, capacity * 2)));
        }
        byte[] utf8 = publication.encoded().text().getBytes(StandardCharsets.UTF_8);
        if (bytes.capacity() - bytesUsed < utf8.length) {
            growBytes(capacityFor(bytesUsed + (long) utf8.length));
        }
        // what does not fit before the array's end continues at its start
        int beforeEnd = Math.min(utf8.length, bytes.capacity() - end);
        bytes.put(end, utf8, 0, beforeEnd);
        bytes.put(0, utf8, beforeEnd, utf8.length - beforeEnd);
        int at = slot(size) * SLOT;
        slots.putInt(at + START, end)
                .putInt(at + LENGTH, utf8.length)
                .putLong(at + OFFSET, publication.offset())
                .putLong(at + ACCEPTED, publication.encoded().acceptedAt());
        end = wrap(end + utf8.length);
        bytesUsed += utf8.length;
        size++;
    }

    /**
     * Drops the oldest publications beyond {@code limit} and those accepted before {@code oldestMillis}; a history
     * left empty gives its arrays back, so a quiet channel holds no memory for the publications it no longer has.
     */
    void trim(int limit, long oldestMillis) {
        if (size == 0) {
            return;
        }
        while (size > 0 && (size > limit || slots.getLong(first * SLOT + ACCEPTED) < oldestMillis)) {
            removeFirst();
        }
        if (size == 0) {
            release();
        }
    }

    /** Gives back the arrays; the history is empty afterwards. */
    void release() {
        memory.free(bytes);
        memory.free(slots);
        bytes = NONE;
        slots = NONE;
        end = 0;
        bytesUsed = 0;
        capacity = 0;
        first = 0;
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bytes the frames' array holds, used or not. */
    long bytesHeld() {
        return bytes.capacity();
    }

    /** Whether the frames' array lives outside the heap. */
    boolean isNative() {
        return bytes.isDirect();
    }

    /** The bytes of the frames' and the slots' arrays that live outside the heap. */
    long nativeBytes() {
        return (bytes.isDirect() ? bytes.capacity() : 0) + (slots.isDirect() ? slots.capacity() : 0);
    }

    /** The offset of the oldest publication kept, or {@code next} when none is. */
    long oldestOffset(long next) {
        return size == 0 ? next : slots.getLong(first * SLOT + OFFSET);
    }

    /** Up to {@code limit} publications after {@code offset}, oldest first, decoded from their frames. */
    List<Publication> after(long offset, int limit) {
        var found = new ArrayList<Publication>(Math.min(limit, size));
        for (int i = 0; i < size && found.size() < limit; i++) {
            int at = slot(i) * SLOT;
            if (slots.getLong(at + OFFSET) > offset) {
                byte[] frame = new byte[slots.getInt(at + LENGTH)];
                copyFrame(at, ByteBuffer.wrap(frame), 0);
                found.add(Publication.fromFrame(new String(frame, StandardCharsets.UTF_8)));
            }
        }
        return found;
    }

    /** Copies the frame of the slot at {@code at} into {@code target} at {@code to}, joining a wrapped one's parts. */
    private void copyFrame(int at, ByteBuffer target, int to) {
        int start = slots.getInt(at + START);
        int length = slots.getInt(at + LENGTH);
        int beforeEnd = Math.min(length, bytes.capacity() - start);
        target.put(to, bytes, start, beforeEnd);
        target.put(to + beforeEnd, bytes, 0, length - beforeEnd);
    }

    private void removeFirst() {
        // the bytes stay where they are until a later frame is written over them
        bytesUsed -= slots.getInt(first * SLOT + LENGTH);
        first = slot(1);
        size--;
    }

    private int slot(int index) {
        int slot = first + index;
        return slot < capacity ? slot : slot - capacity;
    }

    private int wrap(int position) {
        return position < bytes.capacity() ? position : position - bytes.capacity();
    }

    /** Moves the slots in use, oldest first, to the start of a new ring of {@code grown} slots. */
    private void grow(int grown) {
        ByteBuffer moved = allocate(grown * SLOT);
        for (int i = 0; i < size; i++) {
            moved.put(i * SLOT, slots, slot(i) * SLOT, SLOT);
        }
        memory.free(slots);
        slots = moved;
        capacity = grown;
        first = 0;
    }

    /** Half as many bytes again as the array holds, or more if {@code needed} is more. */
    private int capacityFor(long needed) {
        if (needed > MAX_BYTES) {
            throw new IllegalStateException("a channel's history in memory cannot hold more than " + MAX_BYTES
                    + " bytes of frames; lower its namespace's history-size");
        }
        long grown = Math.max(FIRST_BYTES, bytes.capacity() + (long) (bytes.capacity() >> 1));
        return (int) Math.min(MAX_BYTES, Math.max(needed, grown));
    }

    /** Moves the frames kept, oldest first, to the start of a new array of {@code capacity} bytes. */
    private void growBytes(int grownCapacity) {
        ByteBuffer grown = allocate(grownCapacity);
        int position = 0;
        for (int i = 0; i < size; i++) {
            int at = slot(i) * SLOT;
            copyFrame(at, grown, position);
            slots.putInt(at + START, position);
            position += slots.getInt(at + LENGTH);
        }
        memory.free(bytes);
        bytes = grown;
        end = position;
    }

    /** An array from the memory, its numbers in the machine's own byte order. */
    private ByteBuffer allocate(int size) {
        return memory.allocate(size).order(ByteOrder.nativeOrder());
    }
}
