package org.ordercast.channels.control;

import jakarta.servlet.ServletOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How many bytes of a response still wait in the container's write queue, where the servlet's {@code isReady()}
 * does not say. Payara's Grizzly queues without bound and keeps {@code isReady()} true, so a stream whose client
 * stopped reading would look written; there the connection's asynchronous write queue is read instead (Payara's
 * {@code CoyoteOutputStream} → Catalina {@code OutputBuffer} → Grizzly {@code OutputBuffer} → connection →
 * {@code getAsyncWriteQueue().spaceInBytes()}). Elsewhere empty: {@code isReady()} alone is the measure.
 */
final class WriteBacklog {

    private static final System.Logger LOG = System.getLogger(WriteBacklog.class.getName());
    private static volatile boolean unavailable;

    private WriteBacklog() {
    }

    static Optional<LongSupplier> of(ServletOutputStream out) {
        if (unavailable) {
            return Optional.empty();
        }
        try {
            Object catalina = field(out, "ob");
            Object grizzly = field(catalina, "grizzlyOutputBuffer");
            Object connection = field(grizzly, "connection");
            Object queue = method(connection.getClass(), "getAsyncWriteQueue").invoke(connection);
            Method space = method(queue.getClass(), "spaceInBytes");
            space.invoke(queue);
            return Optional.of(() -> {
                try {
                    return ((Number) space.invoke(queue)).longValue();
                } catch (ReflectiveOperationException e) {
                    return 0;
                }
            });
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.DEBUG, "no write queue to watch, isReady() alone: " + e);
            return Optional.empty();
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                Object value = field.get(owner);
                if (value == null) {
                    throw new NoSuchFieldException(name + " is null");
                }
                return value;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        Method method = type.getMethod(name);
        method.setAccessible(true);
        return method;
    }
}
