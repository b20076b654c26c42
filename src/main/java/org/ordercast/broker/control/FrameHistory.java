package org.ordercast.broker.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ordercast.broker.entity.Publication;

/**
 * A channel's history in memory as the UTF-8 bytes of each publication's {@code event} frame, in a ring of slots
 * whose arrays are reused: once the ring is full, appending copies the frame into the slot of the publication it
 * evicts and allocates nothing that outlives the call. Keeping each {@link Publication} instead (its parsed data,
 * its message and the frame's text, some 25 objects) made every retained publication survive a young collection and
 * later fill the old generation: under sustained publishing that was most of the server's pause time. A replay
 * decodes the frames it returns ({@link Publication#fromFrame}). Not thread-safe: {@link ChannelLog} holds its lock.
 */
final class FrameHistory {

    private static final int FIRST_CAPACITY = 8;

    private byte[][] frames = new byte[0][];
    private int[] lengths = new int[0];
    private long[] offsets = new long[0];
    private long[] acceptedAt = new long[0];
    private int first;
    private int size;

    /** Appends a publication, first dropping the oldest while {@code limit} (at least 1) are kept already. */
    void add(Publication publication, int limit) {
        while (size >= limit) {
            removeFirst();
        }
        if (size == frames.length) {
            grow(Math.min(limit, Math.max(FIRST_CAPACITY, frames.length * 2)));
        }
        int slot = slot(size);
        byte[] utf8 = publication.encoded().text().getBytes(StandardCharsets.UTF_8);
        byte[] kept = frames[slot];
        if (kept != null && kept.length >= utf8.length) {
            System.arraycopy(utf8, 0, kept, 0, utf8.length);
        } else {
            frames[slot] = Arrays.copyOf(utf8, utf8.length + headroom(utf8.length));
        }
        lengths[slot] = utf8.length;
        offsets[slot] = publication.offset();
        acceptedAt[slot] = publication.encoded().acceptedAt();
        size++;
    }

    /**
     * Drops the oldest publications beyond {@code limit} and those accepted before {@code oldestMillis}; a history
     * left empty gives its slots back, so a quiet channel holds no memory for the publications it no longer has.
     */
    void trim(int limit, long oldestMillis) {
        if (size == 0) {
            return;
        }
        while (size > 0 && (size > limit || acceptedAt[first] < oldestMillis)) {
            removeFirst();
        }
        if (size == 0) {
            frames = new byte[0][];
            lengths = new int[0];
            offsets = new long[0];
            acceptedAt = new long[0];
            first = 0;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bytes the slots' arrays hold, used or not. */
    long bytesHeld() {
        long held = 0;
        for (byte[] frame : frames) {
            held += frame == null ? 0 : frame.length;
        }
        return held;
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
                found.add(Publication.fromFrame(new String(frames[slot], 0, lengths[slot], StandardCharsets.UTF_8)));
            }
        }
        return found;
    }

    /**
     * Room a new slot leaves for a longer frame. A channel's frames grow by a byte each time an id or its offset
     * gains a digit; with no room, every slot of the ring is replaced then, and the replaced arrays, which had lived
     * long enough to be promoted, are left for a full collection.
     */
    private static int headroom(int length) {
        return Math.max(16, length >> 3);
    }

    private void removeFirst() {
        // the slot keeps its array for the next publication to reuse
        first = slot(1);
        size--;
    }

    private int slot(int index) {
        int slot = first + index;
        return slot < frames.length ? slot : slot - frames.length;
    }

    private void grow(int capacity) {
        byte[][] grownFrames = new byte[capacity][];
        int[] grownLengths = new int[capacity];
        long[] grownOffsets = new long[capacity];
        long[] grownAccepted = new long[capacity];
        for (int i = 0; i < size; i++) {
            int slot = slot(i);
            grownFrames[i] = frames[slot];
            grownLengths[i] = lengths[slot];
            grownOffsets[i] = offsets[slot];
            grownAccepted[i] = acceptedAt[slot];
        }
        frames = grownFrames;
        lengths = grownLengths;
        offsets = grownOffsets;
        acceptedAt = grownAccepted;
        first = 0;
    }
}
