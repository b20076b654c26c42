package org.ordercast.hub.control;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ordercast.metrics.control.Traffic;

/**
 * One connection's bounded outbound queue with at most one send in flight. {@link #offer} never blocks: past
 * {@code capacity} waiting frames, or {@code maxBytes} waiting bytes (by the transport's {@link Transport#weight}),
 * the queue closes and reports overflow, so a client that stops reading costs the others nothing. A send counts as
 * done only when the transport says the bytes were written, so the queue fills when the client stops reading. A
 * send that completes on the caller's thread is followed by the next without recursion.
 */
public final class Outbound<T> {

    private static final int MAX_BATCH_BYTES = 64 * 1024;
    private static final VarHandle SENDING;
    private static final VarHandle WAITING;
    private static final VarHandle WAITING_BYTES;

    static {
        try {
            var lookup = MethodHandles.lookup();
            SENDING = lookup.findVarHandle(Outbound.class, "sending", int.class);
            WAITING = lookup.findVarHandle(Outbound.class, "waiting", int.class);
            WAITING_BYTES = lookup.findVarHandle(Outbound.class, "waitingBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Transport<T> transport;
    private final int capacity;
    private final long maxBytes;
    private final Runnable onOverflow;
    private final Consumer<Throwable> onFailure;
    private final Traffic traffic;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    /** Frames and their bytes waiting, through {@link #WAITING} and {@link #WAITING_BYTES} (no atomic per queue). */
    private volatile int waiting;
    private volatile long waitingBytes;
    /** 1 while one thread owns sending: a field rather than an object, one less cache miss per delivery. */
    private volatile int sending;
    private volatile boolean closed;
    /** The frame {@link #sendAlone} is sending, while it is: set and read by the sending thread only. */
    private T alone;
    /** The completion {@link #rest} made for that frame, if the transport asked for one. */
    private Completion pending;
    /** Asked for by a transport that writes the rest of a frame later: made once, called only then. */
    private final Supplier<Consumer<Throwable>> rest = () -> pending = new Completion(batchOf(alone));

    public Outbound(Transport<T> transport, int capacity, Runnable onOverflow, Consumer<Throwable> onFailure) {
        this(transport, capacity, Long.MAX_VALUE, onOverflow, onFailure);
    }

    public Outbound(Transport<T> transport, int capacity, long maxBytes, Runnable onOverflow,
                    Consumer<Throwable> onFailure) {
        this(transport, capacity, maxBytes, onOverflow, onFailure, Traffic.NONE);
    }

    /**
     * A queue whose written frames and their bytes ({@link Transport#weight}) count in {@code traffic}, and whose
     * publications' delivery latency is taken as each is handed to the transport.
     */
    public Outbound(Transport<T> transport, int capacity, long maxBytes, Runnable onOverflow,
                    Consumer<Throwable> onFailure, Traffic traffic) {
        this.transport = transport;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.onOverflow = onOverflow;
        this.onFailure = onFailure;
        this.traffic = traffic;
    }

    /** Queues an item; false if the queue is closed or just overflowed. */
    public boolean offer(T frame) {
        if (closed) {
            return false;
        }
        if (queue.isEmpty() && claim()) {
            // nothing queued, nothing in flight: send this one without queueing it (the common case of fan-out)
            if (queue.isEmpty()) {
                if (sendAlone(frame)) {
                    pump();
                }
                return true;
            }
            sending = 0;
        }
        int weight = transport.weight(frame);
        int frames = (int) WAITING.getAndAdd(this, 1) + 1;
        long bytes = (long) WAITING_BYTES.getAndAdd(this, (long) weight) + weight;
        if (frames > capacity || bytes > maxBytes) {
            WAITING.getAndAdd(this, -1);
            WAITING_BYTES.getAndAdd(this, (long) -weight);
            if (!closed) {
                closed = true;
                queue.clear();
                onOverflow.run();
            }
            return false;
        }
        queue.add(frame);
        pump();
        return true;
    }

    public void close() {
        closed = true;
        queue.clear();
    }

    /** Frames waiting now (the one in flight not counted). */
    public int depth() {
        return waiting;
    }

    private boolean claim() {
        return SENDING.compareAndSet(this, 0, 1);
    }

    private void pump() {
        // whoever queues after the owner took its batch finds it still sending; the owner looks again afterwards
        while (!closed && !queue.isEmpty() && claim()) {
            List<T> batch = take();
            if (batch.isEmpty()) {
                sending = 0;
                continue;
            }
            if (!send(batch)) {
                return;
            }
        }
    }

    /**
     * Sends one frame while holding {@code sending}, through the transport's {@link Transport#sendNow} where it
     * can: no batch and no completion for a frame the socket takes whole, nothing allocated. True if it completed
     * already, so the caller goes on pumping.
     */
    private boolean sendAlone(T frame) {
        if (traffic.counting()) {
            handingOver(frame, 0);
        }
        alone = frame;
        Transport.Sent sent;
        try {
            sent = transport.sendNow(frame, rest);
        } catch (RuntimeException e) {
            failed(e);
            sending = 0;
            return true;
        } finally {
            alone = null;
        }
        switch (sent) {
            case WRITTEN:
                if (traffic.counting()) {
                    traffic.sent(1, transport.weight(frame));
                }
                sending = 0;
                return true;
            case PENDING:
                Completion completion = pending;
                pending = null;
                return !completion.leftToCallback();
            default:
                return send(batchOf(frame), false);
        }
    }

    private void failed(Throwable failure) {
        if (!closed) {
            closed = true;
            queue.clear();
            onFailure.accept(failure);
        }
    }

    /** Sends a batch while holding {@code sending}; true if it completed already, so the caller goes on pumping. */
    private boolean send(List<T> batch) {
        return send(batch, traffic.counting());
    }

    private boolean send(List<T> batch, boolean handingOver) {
        if (handingOver) {
            long now = 0;
            for (T item : batch) {
                now = handingOver(item, now);
            }
        }
        var completion = new Completion(batch);
        try {
            transport.send(batch, completion);
        } catch (RuntimeException e) {
            completion.accept(e);
        }
        return !completion.leftToCallback();
    }

    /**
     * The delivery latency of a publication, up to now: the hand-over to the socket. {@code now} is the time already
     * read for the batch, or 0; answers it, read if it was needed.
     */
    private long handingOver(T item, long now) {
        long accepted = transport.acceptedAt(item);
        if (accepted > 0) {
            if (now == 0) {
                now = System.currentTimeMillis();
            }
            traffic.delivered(accepted, now);
        }
        return now;
    }

    /**
     * A batch of one, of the list class {@link #take} makes. With one class, the send path compiled while every
     * frame went out alone stays valid when the first backlog comes: a second class there made the JIT throw the
     * compiled write path away and compile it again, a tail of 100-200 ms on a one-core server.
     */
    private static <T> List<T> batchOf(T frame) {
        var batch = new ArrayList<T>(1);
        batch.add(frame);
        return batch;
    }

    private List<T> take() {
        int max = transport.maxBatch();
        var batch = new ArrayList<T>(Math.min(max, 16));
        int bytes = 0;
        T next;
        while (batch.size() < max && bytes < MAX_BATCH_BYTES && (next = queue.poll()) != null) {
            WAITING.getAndAdd(this, -1);
            batch.add(next);
            int weight = transport.weight(next);
            WAITING_BYTES.getAndAdd(this, (long) -weight);
            bytes += weight;
        }
        return batch;
    }

    /**
     * Decides who sends next: if the transport completes before {@code send} returns, the pumping loop goes on;
     * if it completes later, the completion pumps.
     */
    private final class Completion implements Consumer<Throwable> {

        private final AtomicBoolean settled = new AtomicBoolean();
        private final List<T> batch;

        Completion(List<T> batch) {
            this.batch = batch;
        }

        /**
         * Called by the sender once the transport has returned: true if the write is still under way. Otherwise the
         * callback came first and left {@code sending} held, and the sender lets it go here: until then, no other
         * thread sends, so what the sender still reads of its own send ({@link #pending}) stays its own.
         */
        boolean leftToCallback() {
            if (settled.compareAndSet(false, true)) {
                return true;
            }
            sending = 0;
            return false;
        }

        @Override
        public void accept(Throwable failure) {
            if (failure == null) {
                written();
            } else {
                failed(failure);
            }
            // the second of the two lets go of sending: here if the sender has returned already
            if (!settled.compareAndSet(false, true)) {
                sending = 0;
                pump();
            }
        }

        private void written() {
            if (traffic.counting()) {
                long bytes = 0;
                for (T item : batch) {
                    bytes += transport.weight(item);
                }
                traffic.sent(batch.size(), bytes);
            }
        }
    }
}
