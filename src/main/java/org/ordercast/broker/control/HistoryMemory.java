package org.ordercast.broker.control;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the memory broker's histories keep their frames' bytes. A history's array of {@link #NATIVE_FROM} bytes or
 * more is allocated outside the heap, up to a limit shared by all channels; a smaller one, or one past the limit, is
 * an ordinary array.
 * <p>
 * On the heap, every young collection copied the histories' bytes from one survivor space to the other until they
 * were old enough, and then promoted them in one burst: with 500 full store channels, about 90 MB copied some
 * eleven times at 30-40 ms each, and promoted at 47-250 ms a few minutes into a node's life under load, all of it
 * stopping every request in flight (src/bench/RESULTS.md). Outside the heap, a collection copies only the buffer's
 * small object. A replaced or emptied array is freed at once, under its channel's lock, where nothing else can read
 * it; where the JVM does not let the application free it, the collector frees it with the buffer's object.
 */
final class HistoryMemory {

    /** Arrays smaller than this stay on the heap: a channel that comes and goes costs no native allocation. */
    static final int NATIVE_FROM = 16 * 1024;

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
        if (capacity < NATIVE_FROM) {
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
