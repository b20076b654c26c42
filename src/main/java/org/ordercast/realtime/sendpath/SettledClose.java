package org.ordercast.realtime.sendpath;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The upgraded connection Tyrus's upgrade handler is given on Payara ({@link ReadBufferRelease}), whose release by
 * the container waits until the upgrade's own request is done with.
 *
 * <p>Payara initialises the upgrade handler, and so opens the session, on the thread serving the upgrade request,
 * and that thread goes on with the request afterwards: its request-end probes, its status, Grizzly's check whether
 * the response is still suspended. Reads are on by then. A client that closes the moment it opens, or a session
 * the server closes as it opens (a Socket.IO upgrade of a session another node holds, a refused token, a user over
 * its connections), has its close handled on another thread, and the container's release of the connection
 * ({@code WebConnection.close}) resumed and recycled the upgrade's request and response while that thread was still
 * using them. The thread then failed ({@code Response has not been set}, {@code "connection" is null}), and Grizzly
 * recycled the same request objects a second time, so two later requests shared them: a Socket.IO poll was answered
 * with another request's query refused, with Payara's HTML error page, or not at all.
 *
 * <p>A release asked for within {@link #SETTLE} of the handler's initialisation is carried out when that time is
 * up, on the common pool, with the context class loader of the thread that asked. The close handshake is not held
 * back, only the container's release of the socket and the request; a client that closes its side is not kept
 * waiting, as Grizzly closes the connection when it reads the end of it. The thread's remaining work takes
 * microseconds: the second is a margin for a thread kept off the processor on a loaded machine, not a proof.
 */
final class SettledClose implements WebConnection {

    /** How long after the handler's initialisation the container may release the connection. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(SettledClose.class.getName());

    /** Runs a task after a delay in nanoseconds. */
    interface Later {
        void run(long delayNanos, Runnable task);
    }

    private final WebConnection connection;
    private final long initialised;
    private final Later later;

    SettledClose(WebConnection connection, long initialised, Later later) {
        this.connection = connection;
        this.initialised = initialised;
        this.later = later;
    }

    /** {@code connection}, whose handler is being initialised now. */
    static WebConnection of(WebConnection connection) {
        return new SettledClose(connection, System.nanoTime(), (delay, task) ->
                CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, ForkJoinPool.commonPool()).execute(task));
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        return connection.getInputStream();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        return connection.getOutputStream();
    }

    @Override
    public void close() throws Exception {
        long left = SETTLE.toNanos() - (System.nanoTime() - initialised);
        if (left <= 0) {
            connection.close();
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        later.run(left, () -> release(loader));
    }

    private void release(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader own = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "release of an upgraded connection failed: " + e);
        } finally {
            thread.setContextClassLoader(own);
        }
    }
}
