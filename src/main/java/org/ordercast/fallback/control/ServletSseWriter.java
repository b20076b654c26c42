package org.ordercast.fallback.control;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.ordercast.fallback.entity.SseFrame;
import org.ordercast.hub.control.Transport;
import org.ordercast.realtime.sendpath.UndertowFlush;
import org.ordercast.realtime.sendpath.WriteBacklog;

/**
 * Writes an SSE stream with the servlet's non-blocking I/O, so that a send completes only once the container has
 * taken the bytes off its hands: {@code isReady()} true after the write and the flush; where the container queues
 * without bound behind {@code isReady()} (Payara), its write queue drained ({@link WriteBacklog}); where its flush
 * may leave bytes behind with {@code isReady()} still true (WildFly), its channel flushed ({@link UndertowFlush}).
 * A client that stops reading therefore stops completions, its stream's queue fills, and the stream is cut off
 * instead of being buffered without bound. {@link #finish} writes a last event after whatever is in flight and
 * completes the response; if the client never reads it, the response is completed anyway after
 * {@code FINISH_TIMEOUT_SECONDS}.
 */
final class ServletSseWriter implements Transport<SseFrame>, WriteListener {

    private static final System.Logger LOG = System.getLogger(ServletSseWriter.class.getName());
    private static final int MAX_BATCH = 32;
    private static final long FINISH_TIMEOUT_SECONDS = 30;
    private static final Consumer<Throwable> NOTHING = failure -> { };
    private static final long LOW_WATER = 64 * 1024;
    private static final long RECHECK_MILLIS = 20;

    private final AsyncContext context;
    private final ServletOutputStream out;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Throwable> onFailure;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final Optional<WriteBacklog> backlog;
    private final Optional<UndertowFlush> undertow;
    private final boolean flushResponse;
    private boolean recheck;
    private byte[] bytes;
    private boolean flushing;
    private Consumer<Throwable> done;
    private byte[] last;
    private volatile long sendingSince;
    private boolean ending;

    ServletSseWriter(AsyncContext context, ScheduledExecutorService scheduler, Consumer<Throwable> onFailure)
            throws IOException {
        this.context = context;
        this.out = context.getResponse().getOutputStream();
        this.scheduler = scheduler;
        this.onFailure = onFailure;
        this.backlog = WriteBacklog.of(out);
        this.undertow = UndertowFlush.of(out);
        this.flushResponse = out.getClass().getName().startsWith("com.ibm.");
    }

    /**
     * Switches the response to non-blocking writes; the container then calls {@link #onWritePossible}. A client
     * that goes away (an HTTP/2 stream reset, a closed connection) ends the stream through the async listener.
     */
    void start() {
        context.addListener(new ResponseEnd(this::gone));
        out.setWriteListener(this);
    }

    /** The response ended under us. */
    private void gone(Throwable cause) {
        completed.set(true);
        fail(cause);
    }

    /** A write failed or the response ended: the send in flight, if any, and the stream hear of it. */
    private void fail(Throwable cause) {
        Consumer<Throwable> waiting;
        synchronized (this) {
            waiting = done;
            done = null;
        }
        if (waiting != null) {
            waiting.accept(cause);
        }
        onFailure.accept(cause);
    }

    @Override
    public void send(List<SseFrame> frames, Consumer<Throwable> done) {
        var joined = new ByteArrayOutputStream();
        frames.forEach(frame -> joined.writeBytes(frame.bytes()));
        synchronized (this) {
            this.bytes = joined.toByteArray();
            this.done = done;
            sendingSince = System.nanoTime();
        }
        drive();
    }

    /** Whether the client is known to be gone although writes still succeed (a reset HTTP/2 stream). */
    boolean clientGone() {
        return backlog.map(WriteBacklog::reset).orElse(false);
    }

    /**
     * How long the send in flight has waited for the container; zero when none waits. A client that takes nothing,
     * on a connection that neither fails nor becomes writable again, shows only here.
     */
    Duration waiting() {
        long since = sendingSince;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    @Override
    public int weight(SseFrame frame) {
        return frame.weight();
    }

    @Override
    public long acceptedAt(SseFrame frame) {
        return frame.acceptedAt();
    }

    /** Writes {@code frame} after anything in flight, then ends the response. */
    void finish(SseFrame frame) {
        synchronized (this) {
            if (last != null || ending || completed.get()) {
                return;
            }
            last = frame.bytes();
        }
        scheduler.schedule(this::complete, FINISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        drive();
    }

    @Override
    public void onWritePossible() {
        drive();
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure);
        complete();
    }

    /**
     * Moves the send in flight (then the last event) on as far as the container lets it: write, flush, and count
     * it written once {@code isReady()} says the container took it. Whenever {@code isReady()} answers false the
     * container calls {@link #onWritePossible} later, which comes back here.
     */
    private void drive() {
        while (true) {
            Consumer<Throwable> written;
            boolean finished;
            try {
                synchronized (this) {
                    if (done == null) {
                        if (last == null || backedUp(0)) {
                            return;
                        }
                        bytes = last;
                        last = null;
                        done = NOTHING;
                        ending = true;
                    }
                    if (bytes != null) {
                        if (notReady()) {
                            return;
                        }
                        out.write(bytes);
                        bytes = null;
                        flushing = true;
                    }
                    if (flushing) {
                        if (notReady()) {
                            return;
                        }
                        flush();
                        if (undertow.isPresent() && !undertow.get().flushed()) {
                            return;
                        }
                        flushing = false;
                    }
                    if (notReady() || backedUp(ending ? 0 : LOW_WATER)) {
                        return;
                    }
                    written = done;
                    done = null;
                    sendingSince = 0;
                    finished = ending;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "SSE write failed: " + e);
                onError(e);
                return;
            }
            if (finished) {
                complete();
                return;
            }
            written.accept(null);
        }
    }

    /**
     * Open Liberty sends what a thread of ordercast's wrote and flushed to the stream only once the response is
     * flushed: a stream's first event, written after the container's first {@code onWritePossible}, stayed unsent.
     */
    private void flush() throws IOException {
        out.flush();
        if (flushResponse && out.isReady()) {
            context.getResponse().flushBuffer();
        }
    }

    /** True when the container cannot take more now; it then owes an {@link #onWritePossible}. */
    private boolean notReady() {
        return !out.isReady();
    }

    /**
     * True while more than {@code limit} bytes wait in the container's write queue; checks again shortly (the queue
     * has no callback for draining). The last event goes out, and the response completes, only on an empty queue:
     * completing with bytes still queued lost them on Payara.
     */
    private boolean backedUp(long limit) {
        if (backlog.isEmpty() || backlog.get().pending() <= limit) {
            return false;
        }
        if (!recheck) {
            recheck = true;
            scheduler.schedule(() -> {
                synchronized (this) {
                    recheck = false;
                }
                drive();
            }, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Ends the response now, whatever is in flight: the client is gone. */
    void abandon() {
        complete();
    }

    private void complete() {
        if (completed.compareAndSet(false, true)) {
            try {
                context.complete();
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.DEBUG, "SSE response already completed: " + e);
            }
        }
    }
}
