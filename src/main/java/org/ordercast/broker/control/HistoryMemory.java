package org.ordercast.broker.control;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the memory broker's histories keep their arrays (the frames' bytes and the slots that index them). An array
 * of {@link #NATIVE_FROM} bytes or more is allocated outside the heap, up to a limit shared by all channels; a
 * smaller one, or one past the limit, is an ordinary array.
 * <p>
 * On the heap, every young collection copied the histories from one survivor space to the other until they were
 * old enough to be promoted: 500 full store channels hold about 100 MB, and the first young collections under load
 * took 254-396 ms against 113-206 outside; 5,000 channels outgrew the survivor spaces, and young collections paused
 * up to 1.4 s (src/bench/RESULTS.md). Outside the heap, a collection copies only the buffer's small object. A
 * replaced or emptied array is freed at once, under its channel's lock, where nothing else can read it; where the JVM
 * does not let the application free it, the collector frees it with the buffer's object.
 */
final class HistoryMemory {

    /**
     * Arrays smaller than this stay on the heap: a channel that comes and goes costs no native allocation. The slots
     * of a history of 500 publications (12,000 bytes) are above it.
     */
    static final int NATIVE_FROM = 8 * 1024;

    private static final System.Logger LOG = System.getLogger(HistoryMemory.class.getName());
    private static final MethodHandle FREE = freeing();

    /** Keeps every array on the heap (a durable channel's history is in the database). */
    static final HistoryMemory HEAP = new HistoryMemory(0);

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    /** Native arrays up to {@code limit} bytes in all; 0 keeps every array on the heap. */
    HistoryMemory(long limit) {
        this.limit = limit;
    }

    /**
     * An eighth of the heap's maximum: the histories of 500 full store channels (90 MB) on a heap of 1 GB or more,
     * while a node sized for its heap grows by no more than an eighth. The JVM's own limit of direct memory, which
     * the outbound frames share, is by default the heap's maximum.
     */
    static long defaultLimit() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /** An array of {@code capacity} bytes, native if it is large enough and the limit allows. */
    ByteBuffer allocate(int capacity) {
        if (capacity < NATIVE_FROM || capacity > limit) {
            return ByteBuffer.allocate(capacity);
        }
        if (held.addAndGet(capacity) > limit) {
            held.addAndGet(-capacity);
            return ByteBuffer.allocate(capacity);
        }
        try {
            return ByteBuffer.allocateDirect(capacity);
        } catch (OutOfMemoryError e) {
            // -XX:MaxDirectMemorySize set below the limit, or the outbound frames took the rest: the heap will do
            held.addAndGet(-capacity);
            return ByteBuffer.allocate(capacity);
        }
    }

    /** Gives back an array from {@link #allocate} that nothing reads any more. */
    void free(ByteBuffer bytes) {
        if (!bytes.isDirect()) {
            return;
        }
        held.addAndGet(-bytes.capacity());
        if (FREE != null) {
            try {
                FREE.invokeExact(bytes);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.DEBUG, "a history's native array is left to the collector: " + e);
            }
        }
    }

    /** The native bytes the histories hold. */
    long held() {
        return held.get();
    }

    /**
     * The JDK's way to free a direct buffer before its object is collected ({@code sun.misc.Unsafe#invokeCleaner},
     * in {@code jdk.unsupported}); null where a server's class loading hides it.
     */
    private static MethodHandle freeing() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            var field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(field.get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.INFO, "histories' native arrays are freed by the collector only: " + e);
            return null;
        }
    }
}
