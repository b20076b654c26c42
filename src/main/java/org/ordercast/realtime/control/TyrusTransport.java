package org.ordercast.realtime.control;

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
import org.ordercast.channels.control.Transport;
import org.ordercast.channels.entity.EncodedMessage;

/**
 * Tyrus's own write path (Payara, GlassFish): queued frames go out as one buffer of pre-framed bytes through the
 * connection's {@code ProtocolHandler}, under the same lock Tyrus takes for its own sends. This skips what
 * {@code RemoteEndpoint.Async.sendText} does on every call (re-scheduling the idle-timeout task on the managed
 * executor, framing again per recipient). Tyrus internals are reached by reflection once per connection;
 * {@link #of} answers empty wherever they are not as expected, and the portable path is used instead.
 */
final class TyrusTransport implements Transport<EncodedMessage> {

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

    static Optional<Transport<EncodedMessage>> of(Session session) {
        if (unavailable) {
            return Optional.empty();
        }
        try {
            Internals api = internals(session);
            Object webSocket = api.webSocket.get(session.getAsyncRemote());
            Object handler = api.protocolHandler.invoke(webSocket);
            return Optional.of(new TyrusTransport(handler, (Lock) api.lock.get(handler), api));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus send path unavailable, using the portable one: " + e);
            return Optional.empty();
        }
    }

    @Override
    public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
        ByteBuffer bytes = frames.size() == 1 ? frames.get(0).webSocketFrame() : concatenate(frames);
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
    public int weight(EncodedMessage frame) {
        return frame.text().length();
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    private static ByteBuffer concatenate(List<EncodedMessage> frames) {
        int size = 0;
        ByteBuffer[] parts = new ByteBuffer[frames.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = frames.get(i).webSocketFrame();
            size += parts[i].remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part);
        }
        return all.flip();
    }

    private static Internals internals(Session session) throws ReflectiveOperationException {
        Internals api = internals;
        if (api == null) {
            api = Internals.find(session.getAsyncRemote().getClass());
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

    /** The reflective handles into Tyrus, looked up once. */
    private record Internals(Field webSocket, Method protocolHandler, Field lock, Method send, Object writerInfo) {

        static Internals find(Class<?> asyncRemote) throws ReflectiveOperationException {
            Class<?> remote = asyncRemote;
            while (remote != null && !remote.getName().equals("org.glassfish.tyrus.core.TyrusRemoteEndpoint")) {
                remote = remote.getSuperclass();
            }
            if (remote == null) {
                throw new ClassNotFoundException("not a Tyrus remote endpoint: " + asyncRemote.getName());
            }
            Field webSocket = accessible(remote.getDeclaredField("webSocket"));
            Method protocolHandler = accessible(webSocket.getType().getDeclaredMethod("getProtocolHandler"));
            Class<?> handler = protocolHandler.getReturnType();
            ClassLoader tyrus = handler.getClassLoader();
            Class<?> writerInfo = Class.forName("org.glassfish.tyrus.spi.WriterInfo", false, tyrus);
            Class<?> messageType = Class.forName("org.glassfish.tyrus.spi.WriterInfo$MessageType", false, tyrus);
            Class<?> endpointType = Class.forName("org.glassfish.tyrus.spi.WriterInfo$RemoteEndpointType", false, tyrus);
            Method send = accessible(handler.getDeclaredMethod("send", ByteBuffer.class, CompletionHandler.class,
                    writerInfo, Boolean.class));
            Constructor<?> info = writerInfo.getConstructor(messageType, endpointType);
            Object text = enumConstant(messageType, "TEXT");
            Object async = enumConstant(endpointType, "ASYNC");
            return new Internals(webSocket, protocolHandler, accessible(handler.getDeclaredField("lock")), send,
                    info.newInstance(text, async));
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(Class<?> type, String name) {
            return Enum.valueOf((Class<? extends Enum>) type, name);
        }

        private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
            member.setAccessible(true);
            return member;
        }
    }
}
