package org.ordercast.realtime.sendpath;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * What Undertow (WildFly) knows about a non-blocking response and the servlet API does not say: whether a flush
 * handed the bytes on. Undertow's non-blocking {@code flush()} ignores its channel's answer and leaves
 * {@code isReady()} true with no write callback owed, so bytes the channel could not take at once stayed in its
 * buffer until the next write pushed them out. On HTTP/2 that is every flush from a thread other than the
 * connection's I/O thread while the stream's previous frame is still queued: an SSE event written right behind
 * another waited for the stream's next event or keep-alive, 15 s later. {@link #flushed} asks the response channel
 * itself and, when it has not taken everything, asks it for a write callback, which Undertow delivers as
 * {@code onWritePossible} once the channel has flushed. Elsewhere {@link #of} is empty.
 */
public final class UndertowFlush {

    private static final System.Logger LOG = System.getLogger(UndertowFlush.class.getName());
    private static final String STREAM = "io.undertow.servlet.spec.ServletOutputStreamImpl";

    private final ServletOutputStream out;
    private final Field channel;
    private final Method flush;
    private final Method resumeWrites;

    private UndertowFlush(ServletOutputStream out, Field channel, Method flush, Method resumeWrites) {
        this.out = out;
        this.channel = channel;
        this.flush = flush;
        this.resumeWrites = resumeWrites;
    }

    public static Optional<UndertowFlush> of(ServletOutputStream out) {
        if (!out.getClass().getName().equals(STREAM)) {
            return Optional.empty();
        }
        try {
            Field channel = TyrusHandlers.accessible(out.getClass().getDeclaredField("channel"));
            Class<?> sink = Class.forName("org.xnio.channels.SuspendableWriteChannel", false,
                    channel.getType().getClassLoader());
            return Optional.of(new UndertowFlush(out, channel, sink.getMethod("flush"),
                    sink.getMethod("resumeWrites")));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot see whether Undertow's flushes complete; an SSE event may "
                    + "wait for the next one: " + e);
            return Optional.empty();
        }
    }

    /**
     * Call after {@code flush()}: true if the response channel has sent everything written; false if not, and the
     * container then owes an {@code onWritePossible}. Throws what the channel's flush throws (a client gone).
     */
    public boolean flushed() throws IOException {
        try {
            Object sink = channel.get(out);
            if (sink == null || (Boolean) flush.invoke(sink)) {
                return true;
            }
            resumeWrites.invoke(sink);
            return false;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            LOG.log(System.Logger.Level.DEBUG, "Undertow's response channel could not be flushed: " + e.getCause());
            return true;
        } catch (ReflectiveOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "Undertow's response channel could not be flushed: " + e);
            return true;
        }
    }
}
