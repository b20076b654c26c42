package org.ordercast.broker.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ordercast.broker.entity.Publication;

/**
 * A channel's history in memory as the UTF-8 bytes of each publication's {@code event} frame, laid end to end in one
 * circular byte array, with the start, length, offset and acceptance time of each frame in rings beside it. Once the
 * history is full, appending writes over the bytes of the publications it evicts and allocates nothing that outlives
 * the call; the byte array is replaced only when what it must hold outgrows it, by half its size again.
 * <p>
 * Keeping each {@link Publication} instead (its parsed data, its message and the frame's text, some 25 objects) made
 * every retained publication survive a young collection and later fill the old generation. An array per frame was
 * better but still left one object per retained publication (250,000 for 500 full store channels) for every young
 * collection to copy until they were promoted; a history is now six objects whatever it holds, and those
 * collections take about a fifth less on one core (src/bench/RESULTS.md). The array itself lives outside the heap
 * once it is large ({@link HistoryMemory}), so that collections no longer copy it at all. A replay decodes the frames
 * it returns ({@link Publication#fromFrame}). Not thread-safe: {@link ChannelLog} holds its lock, and the array never
 * leaves this object, so that a native one can be freed the moment it is replaced.
 */
final class FrameHistory {

    private static final int FIRST_CAPACITY = 8;
    private static final int FIRST_BYTES = 1024;
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);
    /** The longest array the JVM allocates, with room for its header. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final HistoryMemory memory;
    /**
     * The frames' bytes, read and written only by index: those of the oldest start at {@code starts[first]}, the
     * next frame goes at {@code end}.
     */
    private ByteBuffer bytes = NO_BYTES;
    private int end;
    private int bytesUsed;
    private int[] starts = new int[0];
    private int[] lengths = new int[0];
    private long[] offsets = new long[0];
    private long[] acceptedAt = new long[0];
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
        if (size == starts.length) {
            grow(Math.min(limit, Math.max(FIRST_CAPACITY, starts.length * 2)));
        }
        byte[] utf8 = publication.encoded().text().getBytes(StandardCharsets.UTF_8);
        if (bytes.capacity() - bytesUsed < utf8.length) {
            growBytes(capacityFor(bytesUsed + (long) utf8.length));
        }
        int slot = slot(size);
        // what does not fit before the array's end continues at its start
        int beforeEnd = Math.min(utf8.length, bytes.capacity() - end);
        bytes.put(end, utf8, 0, beforeEnd);
        bytes.put(0, utf8, beforeEnd, utf8.length - beforeEnd);
        starts[slot] = end;
        lengths[slot] = utf8.length;
        offsets[slot] = publication.offset();
        acceptedAt[slot] = publication.encoded().acceptedAt();
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
        while (size > 0 && (size > limit || acceptedAt[first] < oldestMillis)) {
            removeFirst();
        }
        if (size == 0) {
            release();
        }
    }

    /** Gives back the arrays; the history is empty afterwards. */
    void release() {
        size = 0;
        bytesUsed = 0;
        memory.free(bytes);
        bytes = NO_BYTES;
        end = 0;
        starts = new int[0];
        lengths = new int[0];
        offsets = new long[0];
        acceptedAt = new long[0];
        first = 0;
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

    /** The offset of the oldest publication kept, or {@code next} when none is. */
    long oldestOffset(long next) {
        return size == 0 ? next : offsets[first];
    }

    /** Up to {@code limit} publications after {@code offset}, oldest first, decoded from their frames. */
    List<Publication> after(long offset, int limit) {
        var found = new ArrayList<Publication>(Math.min(limit, size));
        for (int i = 0; i < size && found.size() < limit; i++) {
            int slot = slot(i);
            if (offsets[slot] > offset) {
                found.add(Publication.fromFrame(frame(slot)));
            }
        }
        return found;
    }

    private String frame(int slot) {
        byte[] whole = new byte[lengths[slot]];
        copyFrame(slot, ByteBuffer.wrap(whole), 0);
        return new String(whole, StandardCharsets.UTF_8);
    }

    /** Copies the frame in {@code slot} into {@code target} at {@code at}, joining the parts of one that wraps. */
    private void copyFrame(int slot, ByteBuffer target, int at) {
        int beforeEnd = Math.min(lengths[slot], bytes.capacity() - starts[slot]);
        target.put(at, bytes, starts[slot], beforeEnd);
        target.put(at + beforeEnd, bytes, 0, lengths[slot] - beforeEnd);
    }

    private void removeFirst() {
        // the bytes stay where they are until a later frame is written over them
        bytesUsed -= lengths[first];
        first = slot(1);
        size--;
    }

    private int slot(int index) {
        int slot = first + index;
        return slot < starts.length ? slot : slot - starts.length;
    }

    private int wrap(int position) {
        return position < bytes.capacity() ? position : position - bytes.capacity();
    }

    private void grow(int capacity) {
        int[] grownStarts = new int[capacity];
        int[] grownLengths = new int[capacity];
        long[] grownOffsets = new long[capacity];
        long[] grownAccepted = new long[capacity];
        for (int i = 0; i < size; i++) {
            int slot = slot(i);
            grownStarts[i] = starts[slot];
            grownLengths[i] = lengths[slot];
            grownOffsets[i] = offsets[slot];
            grownAccepted[i] = acceptedAt[slot];
        }
        starts = grownStarts;
        lengths = grownLengths;
        offsets = grownOffsets;
        acceptedAt = grownAccepted;
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
    private void growBytes(int capacity) {
        ByteBuffer grown = memory.allocate(capacity);
        int position = 0;
        for (int i = 0; i < size; i++) {
            int slot = slot(i);
            copyFrame(slot, grown, position);
            starts[slot] = position;
            position += lengths[slot];
        }
        memory.free(bytes);
        bytes = grown;
        end = position;
    }
}
