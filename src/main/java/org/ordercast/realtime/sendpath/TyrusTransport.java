package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.MessageTransport;

/**
 * Tyrus's own write path (Payara, GlassFish): queued frames go out as one buffer of pre-framed bytes through the
 * connection's {@code ProtocolHandler}, under the same lock Tyrus takes for its own sends. This skips what
 * {@code RemoteEndpoint.Async.sendText} does on every call (re-scheduling the idle-timeout task on the managed
 * executor, framing again per recipient). Tyrus internals are reached by reflection once per connection;
 * {@link #of} answers empty wherever they are not as expected, and the portable path is used instead.
 */
final class TyrusTransport implements MessageTransport {

    private static final System.Logger LOG = System.getLogger(TyrusTransport.class.getName());
    private static final int MAX_BATCH = 64;
    private static volatile Internals internals;
    private static volatile boolean unavailable;

    private final Object protocolHandler;
    private final Lock lock;
    private final Internals api;

    private TyrusTransport(Object protocolHandler, Lock lock, Internals api) {
        this.protocolHandler = protocolHandler;
        this.lock = lock;
        this.api = api;
    }

    static Optional<TyrusTransport> of(Session session) {
        if (unavailable) {
            return Optional.empty();
        }
        try {
            TyrusHandlers handlers = TyrusHandlers.of(session);
            Object handler = handlers.protocolHandler(session);
            Internals api = internals(handlers.handlerType());
            EndpointInstanceView.makeAtOpen(session);
            return Optional.of(new TyrusTransport(handler, (Lock) api.lock.get(handler), api));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus send path unavailable, using the portable one: " + e);
            return Optional.empty();
        }
    }

    /** Tyrus's {@code ProtocolHandler} of this connection, which owns its writer. */
    Object protocolHandler() {
        return protocolHandler;
    }

    /** The lock Tyrus sends under; whoever writes to the connection besides Tyrus must hold it too. */
    Lock lock() {
        return lock;
    }

    @Override
    public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
        ByteBuffer bytes = frames.size() == 1 ? frames.get(0).webSocketFrame() : EncodedMessage.concatenate(frames);
        lock.lock();
        try {
            api.send.invoke(protocolHandler, bytes, new Completion(done), api.writerInfo, Boolean.TRUE);
        } catch (InvocationTargetException e) {
            done.accept(e.getCause());
        } catch (IllegalAccessException e) {
            done.accept(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    private static Internals internals(Class<?> handler) throws ReflectiveOperationException {
        Internals api = internals;
        if (api == null) {
            api = Internals.find(handler);
            internals = api;
        }
        return api;
    }

    private static final class Completion extends CompletionHandler<Object> {

        private final Consumer<Throwable> done;

        Completion(Consumer<Throwable> done) {
            this.done = done;
        }

        @Override
        public void completed(Object result) {
            done.accept(null);
        }

        @Override
        public void failed(Throwable failure) {
            done.accept(failure);
        }

        @Override
        public void cancelled() {
            done.accept(new java.util.concurrent.CancellationException("send cancelled"));
        }
    }

    /** The reflective handles into Tyrus's {@code ProtocolHandler}, looked up once. */
    private record Internals(Field lock, Method send, Object writerInfo) {

        static Internals find(Class<?> handler) throws ReflectiveOperationException {
            ClassLoader tyrus = handler.getClassLoader();
            Class<?> writerInfo = Class.forName("org.glassfish.tyrus.spi.WriterInfo", false, tyrus);
            Class<?> messageType = Class.forName("org.glassfish.tyrus.spi.WriterInfo$MessageType", false, tyrus);
            Class<?> endpointType = Class.forName("org.glassfish.tyrus.spi.WriterInfo$RemoteEndpointType", false, tyrus);
            Method send = TyrusHandlers.accessible(handler.getDeclaredMethod("send", ByteBuffer.class,
                    CompletionHandler.class, writerInfo, Boolean.class));
            Constructor<?> info = writerInfo.getConstructor(messageType, endpointType);
            return new Internals(TyrusHandlers.accessible(handler.getDeclaredField("lock")), send,
                    info.newInstance(enumConstant(messageType, "TEXT"), enumConstant(endpointType, "ASYNC")));
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(Class<?> type, String name) {
            return Enum.valueOf((Class<? extends Enum>) type, name);
        }
    }
}
