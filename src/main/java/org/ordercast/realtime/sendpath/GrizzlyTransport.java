package org.ordercast.realtime.sendpath;

import jakarta.servlet.http.WebConnection;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.AsyncWriteQueueRecord;
import org.glassfish.grizzly.asyncqueue.TaskQueue;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeStorage;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.CharChunk;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.RequestURIRef;
import org.glassfish.grizzly.memory.ByteBufferWrapper;
import org.glassfish.grizzly.nio.NIOConnection;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.MessageTransport;
import org.ordercast.hub.control.Transport;
import org.ordercast.hub.control.Transport.Sent;

/**
 * The fastest send path on Payara and GlassFish: pre-framed bytes go straight to the Grizzly connection's socket.
 * That skips Tyrus's servlet writer, the servlet output stream and the HTTP filter chain, each of which copied or
 * re-checked every frame, and, while nothing waits in the connection's asynchronous write queue (the usual case,
 * a client that keeps up), the queue's own bookkeeping as well: its record, the space it reserves and releases,
 * and the monitoring probes it looks up per write, about a third of the fan-out thread's own time per delivery.
 * Whatever the socket does not take at once, and every frame while anything waits in the queue, goes into the
 * queue, which writes it when the socket can take it. The queue is the one the servlet output stream drains into
 * as well, so frames Tyrus still writes itself (close, pong) stay in order with these: each write holds Tyrus's
 * send lock, under which Tyrus's own writes reach the queue too, and checks that the session is still open, so no
 * data frame follows Tyrus's close frame (a client that closed and got data after its close handshake broke the
 * JDK's WebSocket client for every other connection it had).
 *
 * <p>The Grizzly connection is found once per session by reflection along Tyrus's servlet upgrade
 * ({@code ProtocolHandler.writer → TyrusServletWriter → TyrusHttpUpgradeHandler → servlet output stream}).
 * {@link #of} answers empty wherever any step is not as expected, and on TLS connections, whose bytes must pass
 * through the SSL filter; the next path is used instead.
 */
final class GrizzlyTransport implements MessageTransport {

    private static final System.Logger LOG = System.getLogger(GrizzlyTransport.class.getName());
    private static final int MAX_BATCH = 64;
    private static volatile boolean unavailable;
    /** Tyrus's {@code TyrusHttpUpgradeHandler.getWebConnection}, looked up at the first connect. */
    private static volatile Method webConnection;
    /** Tyrus's {@code TyrusHttpUpgradeHandler.upgradeInfo}, looked up at the first connect. */
    private static volatile Field upgradeInfo;
    private static final List<String> PARAMETER_BUFFERS = List.of("tmpNameC", "tmpValueC");
    /**
     * The attribute in which Grizzly's HTTP server filter keeps a connection's keep-alive state: the builder hands
     * out one attribute per name, the filter's own. Found once, not on every connect (the builder synchronizes).
     */
    private static final Attribute<Object> KEEP_ALIVE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("HttpServerFilter.KeepAliveContext");
    private static volatile boolean upgradeStateKept;
    /** {@code HttpHeader}'s scratch buffer for encoding header values into direct buffers. */
    private static final String SCRATCH_BUFFER = "tmpHeaderEncodingBuffer";
    private static final String HTTP2_STATE = "org.glassfish.grizzly.http2.Http2State";
    /** Tyrus's proxy of the upgrade handler, which its servlet writer holds. */
    private static final String TYRUS_PROXY =
            "org.glassfish.tyrus.servlet.TyrusServletUpgrade$TyrusHttpUpgradeHandlerProxy";
    /** What marks a connection never HTTP/2, found once. */
    private static volatile Http2Mark http2Mark;

    private final Session session;
    private final TyrusTransport tyrus;
    /** Tyrus's servlet upgrade handler of the session, through which the Grizzly connection is reached. */
    private final Object upgradeHandler;
    private volatile boolean throughTyrus;
    /** Whether {@link #releaseWrittenUpgrade} found the send lock taken, and left its work to the next send. */
    private volatile boolean writtenUpgradeKept;
    /** Whether the upgrade's header fields are let go of: at the session's open, or else after the first frame. */
    private volatile boolean headersReleased;
    /** Whether {@link #markNeverHttp2} marked the connection: only then is the upgrade taken apart. */
    private volatile boolean neverHttp2;
    /** The Grizzly connection's socket and write queue, once the first frame has been written. */
    private volatile Socket socket;

    private GrizzlyTransport(Session session, TyrusTransport tyrus, Object upgradeHandler) {
        this.session = session;
        this.tyrus = tyrus;
        this.upgradeHandler = upgradeHandler;
    }

    /**
     * The Grizzly path for a session, or empty where this is not Payara's Tyrus on Grizzly. Tyrus opens the session
     * while the upgrade is still in progress, and the 101 response may not have reached the write queue yet, so
     * frames go through {@code tyrus} (Tyrus's writer, on the same servlet output stream as the response) until one
     * of them has been written; every later frame goes straight to the write queue, in order.
     */
    static Optional<Transport<EncodedMessage>> of(Session session, TyrusTransport tyrus) {
        if (unavailable || session.isSecure()) {
            return Optional.empty();
        }
        try {
            GrizzlyTransport transport = new GrizzlyTransport(session, tyrus, upgradeHandler(tyrus.protocolHandler()));
            transport.releaseUpgradeState();
            return Optional.of(transport);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable(e);
            return Optional.empty();
        }
    }

    @Override
    public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
        Socket grizzly = socket;
        if (grizzly == null && (unavailable || !throughTyrus || (grizzly = connect()) == null)) {
            // The first frame always goes through Tyrus's writer, behind the upgrade's 101 response on the servlet
            // output stream; once it is written, the write queue holds both, and direct writes follow them.
            tyrus.send(frames, failure -> {
                if (failure == null && !throughTyrus) {
                    releaseWrittenUpgrade();
                }
                throughTyrus |= failure == null;
                done.accept(failure);
            });
            return;
        }
        ByteBuffer bytes = frames.size() == 1 ? frames.get(0).webSocketFrame() : EncodedMessage.concatenate(frames);
        // under Tyrus's send lock, and only while the session is open: nothing may follow Tyrus's close frame
        tyrus.lock().lock();
        try {
            if (!session.isOpen()) {
                done.accept(new ClosedChannelException());
                return;
            }
            if (writtenUpgradeKept) {
                releaseWrittenUpgradeLocked();
            }
            if (grizzly.writeNow(bytes)) {
                done.accept(null);
                return;
            }
            queue(grizzly, bytes, done);
        } finally {
            tyrus.lock().unlock();
        }
    }

    /**
     * One frame of a fan-out, from this thread's {@link FrameView} of it: a frame the socket takes whole costs no
     * allocation. A session still writing through Tyrus, closed, or with upgrade state left to let go of is left
     * to {@link #send}.
     */
    @Override
    public Sent sendNow(EncodedMessage frame, Supplier<Consumer<Throwable>> rest) {
        Socket grizzly = socket;
        if (grizzly == null) {
            return Sent.NOT_SENT;
        }
        tyrus.lock().lock();
        try {
            if (writtenUpgradeKept || !session.isOpen()) {
                return Sent.NOT_SENT;
            }
            ByteBuffer view = FrameView.of(frame);
            if (grizzly.writeNow(view)) {
                return Sent.WRITTEN;
            }
            // the rest from a view of its own: this thread's is rewound for the next subscriber
            queue(grizzly, view.duplicate(), rest.get());
            return Sent.PENDING;
        } finally {
            tyrus.lock().unlock();
        }
    }

    /** Under Tyrus's send lock: the connection's write queue writes the bytes once it can, then calls done. */
    private static void queue(Socket grizzly, ByteBuffer bytes, Consumer<Throwable> done) {
        // a plain wrapper: the memory manager's would look up a per-thread cache on every write of the fan-out
        grizzly.writer().write(grizzly.connection(), null, new ByteBufferWrapper(bytes), new Completion(done));
    }

    /**
     * A thread's view of the last frame it wrote through {@link #sendNow}. A fan-out writes one frame to every
     * subscriber in turn: one view, rewound for each, instead of a new one per delivery, the largest of the
     * objects a delivery made. The thread holds on to that one frame until it writes another.
     */
    private static final class FrameView {

        private static final ThreadLocal<FrameView> OF_THREAD = ThreadLocal.withInitial(FrameView::new);

        private EncodedMessage frame;
        private ByteBuffer view;

        static ByteBuffer of(EncodedMessage frame) {
            FrameView last = OF_THREAD.get();
            if (last.frame == frame) {
                return last.view.rewind();
            }
            last.view = frame.webSocketFrame();
            last.frame = frame;
            return last.view;
        }
    }

    @SuppressWarnings("unchecked")
    private Socket connect() {
        try {
            Object outputBuffer = grizzlyOutputBuffer(upgradeHandler);
            if (outputBuffer == null) {
                return null;
            }
            Object found = TyrusHandlers.field(outputBuffer, "connection");
            if (found instanceof NIOConnection grizzly && grizzly.getChannel() instanceof SocketChannel channel
                    && grizzly.getTransport() instanceof AsyncQueueEnabledTransport queued) {
                Socket connected = new Socket((Connection<SocketAddress>) found, channel, grizzly.getAsyncWriteQueue(),
                        (AsyncQueueWriter<SocketAddress>) queued.getAsyncQueueIO().getWriter());
                socket = connected;
                return connected;
            }
            throw new IllegalStateException("not a Grizzly socket connection with an asynchronous write queue: "
                    + found);
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            unavailable(e);
            return null;
        }
    }

    /**
     * A Grizzly connection's socket, its asynchronous write queue and the queue's writer. Only those holding Tyrus's
     * send lock add to the queue; Grizzly's selector thread drains it.
     */
    private record Socket(Connection<SocketAddress> connection, SocketChannel channel,
            TaskQueue<AsyncWriteQueueRecord> queue, AsyncQueueWriter<SocketAddress> writer) {

        /**
         * Writes what the socket takes at once, when nothing waits in the write queue (frames in it go first);
         * whether all of it was written. A failed write leaves the bytes where they were: the queue's writer then
         * meets the same failure, reports it and closes the connection, as it does for any write.
         */
        boolean writeNow(ByteBuffer bytes) {
            // bytes the queue holds count from before their write until after it, so no write is under way either
            if (queue.spaceInBytes() != 0) {
                return false;
            }
            try {
                channel.write(bytes);
            } catch (IOException e) {
                return false;
            }
            return !bytes.hasRemaining();
        }
    }

    /**
     * Lets go of what Payara and Tyrus keep of the upgrade and never use again: 12 KB of the 36 KB of heap an idle
     * connection held for as long as it lived, and 3 KB for half a minute after it closed:
     * <ul>
     * <li>the two 1,024-character buffers Grizzly's parameter parser allocates with every request (4.1 KB; no one
     * parses an upgrade's parameters with them, as {@code UpgradeRequest} decodes its query itself, and the parser
     * allocates them anew if it ever runs);</li>
     * <li>the request's and the 101 response's header fields, each with the name and value chunks a recycled field
     * keeps for the next request (5.5 KB with a Node.js client's six request headers; every header was read
     * during the handshake, and an upgraded connection has no next request), and the request's query, the token
     * in it included;</li>
     * <li>Tyrus's record of the handshake, its request and response headers, URI and parameters (2.6 KB), which its
     * upgrade handler reads once, to create the connection whose session is opening now;</li>
     * <li>the connection's keep-alive state. An upgraded connection has no next request to wait for, but when it
     * closes, its upgrade's response completes, and Grizzly then queues the connection as if it were waiting for
     * one: the closed connection, its request and its response (3 KB) stayed reachable for the keep-alive timeout,
     * 30 s by default, after every close. Without that state, Grizzly has nothing to queue.</li>
     * </ul>
     * The headers are let go of only once the 101 response's head has been encoded, which may come after the
     * session opens; then {@link #releaseWrittenUpgrade} lets go of them. Everything is looked up before anything
     * is released: where any step is not as expected, nothing changes.
     */
    private void releaseUpgradeState() {
        try {
            Object outputBuffer = grizzlyOutputBuffer(upgradeHandler);
            if (outputBuffer == null) {
                return;
            }
            var grizzly = (AttributeStorage) TyrusHandlers.field(outputBuffer, "connection");
            if (grizzly instanceof NIOConnection connection) {
                ClosedReadQueue.watch(connection);
            }
            markNeverHttp2(grizzly);
            Object response = TyrusHandlers.field(outputBuffer, "serverResponse");
            Object request = TyrusHandlers.field(response, "request");
            Object parameters = TyrusHandlers.field(request, "parameters");
            var requestHead = (HttpRequestPacket) TyrusHandlers.field(request, "request");
            var responseHead = (HttpHeader) TyrusHandlers.field(response, "response");
            TyrusHandlers.field(requestHead.getHeaders(), "headers");   // found now, let go of below
            TyrusHandlers.field(requestHead, "unparsedHostC");
            Class<?> handlerClass = upgradeHandlerClass(upgradeHandler.getClass());
            // the servlet writer holds a proxy, a subclass that hands every call to the handler of the upgrade
            Object target = TyrusHandlers.ancestor(upgradeHandler.getClass(), TYRUS_PROXY) == null
                    ? upgradeHandler : TyrusHandlers.field(upgradeHandler, "handler");
            Field handshake = upgradeInfo;
            if (handshake == null) {
                handshake = TyrusHandlers.accessible(handlerClass.getDeclaredField("upgradeInfo"));
                upgradeInfo = handshake;
            }
            for (String buffer : PARAMETER_BUFFERS) {
                ((CharChunk) TyrusHandlers.field(parameters, buffer)).reset();
            }
            requestHead.getQueryStringDC().recycle();
            handshake.set(target, null);
            KEEP_ALIVE.remove(grizzly);
            // Tyrus may open the session before the 101 response is written: until its head has been encoded,
            // the response's headers are still to be sent, and encoding it reads the request's; then the first
            // written frame lets go of them
            if (responseHead.isCommitted()) {
                releaseHeaders(requestHead, responseHead);
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            upgradeStateKept(e);
        }
    }

    /**
     * Marks the upgraded connection as one that never turns HTTP/2, before anything of its upgrade is taken apart and
     * before the session's first frame goes out (so before any frame the client sends in answer). Until a connection
     * has that mark, Grizzly's HTTP/2 filter looks at its upgrade request again for every frame the client sends, to
     * see whether it asks for h2c: a frame read while the request was being taken apart here failed its connection
     * (a {@code NullPointerException} in {@code Http2BaseFilter.checkRequestHeadersOnUpgrade}, the connection closed
     * without a close frame). The filter lets a marked connection's frames through untouched.
     *
     * <p>The mark is one state object shared by every such connection: Grizzly's own per connection (with its
     * frame-parsing state, status and list: 0.2 KB) is only ever asked whether the connection is never HTTP/2, which
     * stays so. A connection that has a state of its own already (Grizzly gives one to TLS connections) keeps it,
     * marked.
     */
    @SuppressWarnings("unchecked")
    private void markNeverHttp2(AttributeStorage connection) throws ReflectiveOperationException {
        Http2Mark mark = http2Mark;
        if (mark == null) {
            Class<?> state = Class.forName(HTTP2_STATE, false, connection.getClass().getClassLoader());
            Method get = TyrusHandlers.accessible(state.getDeclaredMethod("get", Connection.class));
            Method isNever = TyrusHandlers.accessible(state.getDeclaredMethod("isNeverHttp2"));
            Method setNever = TyrusHandlers.accessible(state.getDeclaredMethod("setNeverHttp2"));
            var attribute = (Attribute<?>) TyrusHandlers.accessible(state.getDeclaredField("http2State")).get(null);
            Object never = TyrusHandlers.accessible(state.getConstructor()).newInstance();
            setNever.invoke(never);
            mark = new Http2Mark(get, isNever, setNever, (Attribute<Object>) attribute, never);
            http2Mark = mark;
        }
        Object state = mark.get().invoke(null, connection);
        if (state == null) {
            mark.attribute().set(connection, mark.never());
        } else if (!(Boolean) mark.isNever().invoke(state)) {
            mark.setNever().invoke(state);
        }
        neverHttp2 = true;
    }

    /**
     * Grizzly's {@code Http2State}: its look-up, its never-HTTP/2 test and mark, the connection attribute that holds
     * it, and the one state, marked, that upgraded connections share.
     */
    private record Http2Mark(Method get, Method isNever, Method setNever, Attribute<Object> attribute, Object never) {
    }

    /**
     * The request's and the 101 response's header fields, each with the name and value chunks a recycled field
     * keeps for the next request, and the Host header's value among them. Only once the response's head has been
     * encoded, which reads both.
     */
    private void releaseHeaders(HttpRequestPacket requestHead, HttpHeader responseHead)
            throws ReflectiveOperationException {
        Class<?> fieldType = TyrusHandlers.field(requestHead.getHeaders(), "headers").getClass().getComponentType();
        TyrusHandlers.field(requestHead, "unparsedHostC");   // found now, let go of below
        for (HttpHeader head : List.of(requestHead, responseHead)) {
            // cleared fields stay in the array for reuse: a new array of one empty slot, which grows as a
            // recycled packet's next request adds headers
            head.getHeaders().clear();
            TyrusHandlers.set(head.getHeaders(), "headers", Array.newInstance(fieldType, 1));
        }
        // the Host header's value, now cleared; without it a late look-up takes the socket's address
        TyrusHandlers.set(requestHead, "unparsedHostC", null);
        headersReleased = true;
    }

    /**
     * Once a first frame has followed the 101 response out, lets go of what still tied the connection to the
     * worker threads' 64 KB read and write buffers: the request line's method, URI and protocol and its
     * {@code Upgrade} value, which Grizzly parsed in place and which still pointed into the buffer the handshake
     * was read into, that header buffer itself, and the last buffer the response's output wrote from (the 101
     * response's head or that first frame). Each such buffer is shared by the other requests parsed or written
     * from it, and stayed whole for as long as any of them lived: 1.1 KB of live heap per idle connection at 19,000
     * connections. The request line keeps its values, as strings of its own (the method, protocol and upgrade
     * value shared by every connection).
     *
     * <p>It also lets go of the headers, where the session opened before the 101 response's head was encoded, and
     * of the request's and the response's 512-byte scratch buffers for encoding header values (1 KB). Grizzly
     * encodes through those only into direct buffers, never into Payara's heap buffers, allocates one per call
     * where the packet has none, and keeps none in a packet recycled for a later request; the response's head is
     * encoded already. Runs under Tyrus's send lock, which every later write through the response's output
     * (Tyrus's pong and close) takes as well.
     */
    private void releaseWrittenUpgrade() {
        // a completion may run where taking the lock could wait on a writer: then the next direct send does it
        if (!tyrus.lock().tryLock()) {
            writtenUpgradeKept = true;
            return;
        }
        try {
            releaseWrittenUpgradeLocked();
        } finally {
            tyrus.lock().unlock();
        }
    }

    private void releaseWrittenUpgradeLocked() {
        writtenUpgradeKept = false;
        if (!neverHttp2) {
            return;
        }
        try {
            Object outputBuffer = grizzlyOutputBuffer(upgradeHandler);
            if (outputBuffer == null) {
                return;
            }
            var builder = (HttpContent.Builder<?>) TyrusHandlers.field(outputBuffer, "builder");
            Object response = TyrusHandlers.field(outputBuffer, "serverResponse");
            Object request = TyrusHandlers.field(response, "request");
            var requestHead = (HttpRequestPacket) TyrusHandlers.field(request, "request");
            var responseHead = (HttpHeader) TyrusHandlers.field(response, "response");
            // found now, let go of below
            TyrusHandlers.field(requestHead, "headerBuffer");
            TyrusHandlers.field(requestHead, SCRATCH_BUFFER);
            if (!headersReleased && responseHead.isCommitted()) {
                releaseHeaders(requestHead, responseHead);
            }
            // GET, HTTP/1.1 and websocket: one string each for every connection
            for (DataChunk parsed : List.of(requestHead.getMethodDC(), requestHead.getProtocolDC(),
                    requestHead.getUpgradeDC())) {
                if (inPlace(parsed)) {
                    parsed.setString(parsed.toString().intern());
                }
            }
            RequestURIRef uri = requestHead.getRequestURIRef();
            DataChunk original = uri.getOriginalRequestURIBC();
            DataChunk current = uri.getRequestURIBC();
            if (inPlace(original)) {
                original.setString(original.toString());
            }
            String path = original.toString();
            if (inPlace(current)) {
                current.setString(path != null && current.equals(path) ? path : current.toString());
            }
            TyrusHandlers.set(requestHead, "headerBuffer", null);
            TyrusHandlers.set(requestHead, SCRATCH_BUFFER, null);
            TyrusHandlers.set(responseHead, SCRATCH_BUFFER, null);
            if (builder != null) {
                builder.content(null);
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            upgradeStateKept(e);
        }
    }

    private static void upgradeStateKept(Throwable e) {
        if (!upgradeStateKept) {
            upgradeStateKept = true;
            LOG.log(System.Logger.Level.DEBUG, "upgraded connections keep their upgrade's state: " + e);
        }
    }

    /** Whether the chunk still points into the buffer its value was parsed from. */
    private static boolean inPlace(DataChunk parsed) {
        return parsed.getType() == DataChunk.Type.Bytes || parsed.getType() == DataChunk.Type.Buffer;
    }

    private static void unavailable(Throwable e) {
        if (!unavailable) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Grizzly send path unavailable, using the next one: " + e);
        }
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    private static final class Completion implements CompletionHandler<WriteResult<WritableMessage, SocketAddress>> {

        private final Consumer<Throwable> done;

        Completion(Consumer<Throwable> done) {
            this.done = done;
        }

        @Override
        public void completed(WriteResult<WritableMessage, SocketAddress> result) {
            done.accept(null);
        }

        @Override
        public void failed(Throwable failure) {
            done.accept(failure);
        }

        @Override
        public void cancelled() {
            done.accept(new java.util.concurrent.CancellationException("write cancelled"));
        }

        @Override
        public void updated(WriteResult<WritableMessage, SocketAddress> result) {
            // partial progress: completion follows
        }
    }

    /** Tyrus's servlet upgrade handler of the session. */
    private static Object upgradeHandler(Object protocolHandler) throws ReflectiveOperationException {
        return TyrusHandlers.field(TyrusHandlers.field(protocolHandler, "writer"), "tyrusHttpUpgradeHandler");
    }

    /**
     * Grizzly's HTTP output buffer of the upgraded response (null until the upgrade has completed), which holds the
     * Grizzly connection, reached through the servlet output stream Tyrus writes to: Payara's
     * {@code CoyoteOutputStream} wraps a Catalina {@code OutputBuffer}, which wraps Grizzly's HTTP output buffer.
     */
    private static Object grizzlyOutputBuffer(Object upgrade) throws ReflectiveOperationException, IOException {
        Method getter = webConnection;
        if (getter == null) {
            getter = upgradeHandlerClass(upgrade.getClass()).getDeclaredMethod("getWebConnection");
            TyrusHandlers.accessible(getter);
            webConnection = getter;
        }
        if (!(getter.invoke(upgrade) instanceof WebConnection upgraded)) {
            return null;
        }
        Object catalinaBuffer = TyrusHandlers.field(upgraded.getOutputStream(), "ob");
        return TyrusHandlers.field(catalinaBuffer, "grizzlyOutputBuffer");
    }

    private static Class<?> upgradeHandlerClass(Class<?> type) throws ClassNotFoundException {
        Class<?> handler = TyrusHandlers.ancestor(type, "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler");
        if (handler == null) {
            throw new ClassNotFoundException("not a Tyrus upgrade handler: " + type.getName());
        }
        return handler;
    }
}
