package org.ordercast.realtime.sendpath;

import java.lang.reflect.Field;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.ICloseType;
import org.glassfish.grizzly.asyncqueue.AsyncReadQueueRecord;
import org.glassfish.grizzly.asyncqueue.TaskQueue;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Keeps Grizzly from making a read queue for a connection as it closes.
 * <p>
 * Grizzly makes a connection's asynchronous read queue the first time it is asked for, and its transport asks when
 * the connection closes, to fail whatever read waits in it. Nothing reads a WebSocket connection through that queue,
 * so the first time is the close: a new queue (about 100 bytes: the queue, two {@code ConcurrentLinkedQueue}s and
 * their nodes) stored into a connection that has usually lived long enough to be in the old generation, and that is
 * now dead. A young collection does not look at whether an old object is alive: it copied each such queue again at
 * every collection until the queue was old enough to be promoted, the fifteenth. After 19,000 connections closed,
 * those queues were about 2 MB of the 6.8 MB that every young collection copied for two to three minutes, at 40-70
 * ms a collection on one core (src/bench/RESULTS.md).
 * <p>
 * One listener for all connections gives a closing connection, before the transport asks, the one queue shared by
 * all closed connections. It stays empty: a read on a closed connection fails before it looks at the queue, and
 * Grizzly only checks that the queue is empty at the close. The listener is a list node on each connection while it
 * is open (24 bytes).
 */
final class ClosedReadQueue implements CloseListener<Closeable, ICloseType> {

    private static final System.Logger LOG = System.getLogger(ClosedReadQueue.class.getName());
    private static final ClosedReadQueue LISTENER = new ClosedReadQueue();
    /** The read queue of every closed connection watched. */
    static final TaskQueue<AsyncReadQueueRecord> SHARED = TaskQueue.createTaskQueue(null);
    private static volatile Field readQueue;
    private static volatile boolean unavailable;

    private ClosedReadQueue() {
    }

    /** Gives the connection the shared queue when it closes, unless it has a queue of its own by then. */
    static void watch(NIOConnection connection) {
        if (unavailable) {
            return;
        }
        if (readQueue == null) {
            try {
                readQueue = TyrusHandlers.accessible(NIOConnection.class.getDeclaredField("asyncReadQueue"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                unavailable(e);
                return;
            }
        }
        connection.addCloseListener(LISTENER);
    }

    @Override
    public void onClosed(Closeable closeable, ICloseType type) {
        if (!(closeable instanceof NIOConnection connection)) {
            return;
        }
        try {
            // the lock the connection's getAsyncReadQueue makes its queue under
            synchronized (connection) {
                if (readQueue.get(connection) == null) {
                    readQueue.set(connection, SHARED);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable(e);
        }
    }

    private static void unavailable(Throwable e) {
        if (!unavailable) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "a closing connection's read queue is left to Grizzly: " + e);
        }
    }
}
