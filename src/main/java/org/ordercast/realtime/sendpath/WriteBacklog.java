package org.ordercast.realtime.sendpath;

import jakarta.servlet.ServletOutputStream;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * What Payara's Grizzly knows about a response and the servlet API does not say. {@code isReady()} stays true while
 * Grizzly queues without bound, so a stream whose client stopped reading would look written: {@link #pending}
 * reads the connection's asynchronous write queue instead. And an HTTP/2 stream that the client reset (a closed
 * {@code EventSource} on a shared connection) keeps accepting writes: {@link #reset} asks the stream itself.
 * Reached along Payara's {@code CoyoteOutputStream} → Catalina {@code OutputBuffer} → Grizzly {@code OutputBuffer};
 * elsewhere {@link #of} is empty and the servlet API is the only measure.
 */
public final class WriteBacklog {

    private static final System.Logger LOG = System.getLogger(WriteBacklog.class.getName());
    private static volatile boolean unavailable;

    private final Object queue;
    private final Method space;
    private final Object http2Stream;
    private final Method isOpen;

    private WriteBacklog(Object queue, Method space, Object http2Stream, Method isOpen) {
        this.queue = queue;
        this.space = space;
        this.http2Stream = http2Stream;
        this.isOpen = isOpen;
    }

    public static Optional<WriteBacklog> of(ServletOutputStream out) {
        if (unavailable) {
            return Optional.empty();
        }
        try {
            Object grizzly = field(field(out, "ob"), "grizzlyOutputBuffer");
            Object connection = field(grizzly, "connection");
            Object queue = method(connection.getClass(), "getAsyncWriteQueue").invoke(connection);
            Method space = method(queue.getClass(), "spaceInBytes");
            space.invoke(queue);
            Object header = field(grizzly, "outputHeader");
            Class<?> streams = Class.forName("org.glassfish.grizzly.http2.Http2Stream", false,
                    header.getClass().getClassLoader());
            Method streamFor = streams.getMethod("getStreamFor", Class.forName("org.glassfish.grizzly.http.HttpHeader",
                    false, header.getClass().getClassLoader()));
            Object stream = streamFor.invoke(null, header);
            Method isOpen = stream == null ? null : method(streams, "isOpen");
            return Optional.of(new WriteBacklog(queue, space, stream, isOpen));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(System.Logger.Level.DEBUG, "no Grizzly response to watch, the servlet API alone: " + e);
            return Optional.empty();
        }
    }

    /** Bytes waiting in the connection's write queue. */
    public long pending() {
        try {
            return ((Number) space.invoke(queue)).longValue();
        } catch (ReflectiveOperationException e) {
            return 0;
        }
    }

    /** Whether this response is an HTTP/2 stream the client has reset or closed. */
    public boolean reset() {
        try {
            return http2Stream != null && !(Boolean) isOpen.invoke(http2Stream);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Object value = TyrusHandlers.field(owner, name);
        if (value == null) {
            throw new NoSuchFieldException(name + " is null");
        }
        return value;
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        Method method = type.getMethod(name);
        method.setAccessible(true);
        return method;
    }
}
