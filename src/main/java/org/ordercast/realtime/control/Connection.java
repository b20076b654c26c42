package org.ordercast.realtime.control;

import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.control.Outbound;
import org.ordercast.hub.control.Transport;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Traffic;

/** One client's protocol state: identity, subscriptions, liveness and the outbound queue. */
public final class Connection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final VarHandle CLOSING;
    private static final VarHandle MISSED_PINGS;

    static {
        try {
            var lookup = MethodHandles.lookup();
            CLOSING = lookup.findVarHandle(Connection.class, "closing", boolean.class);
            MISSED_PINGS = lookup.findVarHandle(Connection.class, "missedPings", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Session session;
    private final Executor closer;
    private final Outbound<EncodedMessage> outbound;
    private final Traffic traffic;
    /** Most clients hold a few subscriptions: room for three before the table grows (16 slots by default). */
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>(2);
    /** Whether closing has begun, set once through {@link #CLOSING}. */
    private volatile boolean closing;
    /** The code the server decided to close with, 0 until it does. */
    private volatile int closedWith;
    /** Pings sent since the client was last heard, counted through {@link #MISSED_PINGS}. */
    private volatile int missedPings;
    /**
     * How much sooner than the heartbeat interval the first ping comes, as a share of {@link Heartbeat}'s spread,
     * drawn once and cleared by that ping: connections opened together (a node's clients coming back after a
     * restart) are pinged apart, and keep apart, as every later ping comes a whole interval after the client was
     * last heard. Read and written by the heartbeat's tick only.
     */
    float pingAdvance = ThreadLocalRandom.current().nextFloat();
    /** The tick {@link Heartbeat} looks at it next, {@link Deadlines#NOWHERE} while at none; the tick's own. */
    private long heartbeatTick = Deadlines.NOWHERE;
    private final long openedAt = System.nanoTime();
    private volatile Identity identity;
    /** The seat of its client's address it holds while it is not signed in; null when it holds none. */
    private volatile Seats.AnonymousSeat anonymousSeat;
    private volatile long lastHeard = System.nanoTime();
    private long badFrameWindowStart = System.nanoTime();
    private int badFrames;
    private Allowance messages;
    private Allowance publications;

    Connection(Session session, Transport<EncodedMessage> transport, int queueCapacity, long queueBytes,
               Identity identity, Executor closer, Traffic traffic) {
        this.session = session;
        this.closer = closer;
        this.identity = identity;
        this.traffic = traffic;
        this.outbound = new Outbound<>(transport, queueCapacity, queueBytes,
                () -> close(CloseCode.SLOW_CONSUMER, "outbound queue of " + queueCapacity + " frames or "
                        + queueBytes + " bytes overflowed"),
                failure -> close(CloseCode.GOING_AWAY, "send failed"), traffic);
    }

    public String id() {
        return session.getId();
    }

    public Identity identity() {
        return identity;
    }

    void identity(Identity identity) {
        this.identity = identity;
        if (!identity.isAnonymous()) {
            releaseAnonymousSeat();
        }
    }

    void anonymousSeat(Seats.AnonymousSeat seat) {
        this.anonymousSeat = seat;
    }

    /** Gives back the address's seat it held while anonymous, once signed in or closed; a second call does nothing. */
    void releaseAnonymousSeat() {
        Seats.AnonymousSeat seat = anonymousSeat;
        if (seat != null) {
            seat.release();
        }
    }

    void send(EncodedMessage frame) {
        outbound.offer(frame);
    }

    /** Registers the subscription before it joins the channel; live delivery waits for {@link #joined}. */
    Subscription subscribing(String channel, Set<String> events) {
        var subscription = new Subscription(this, events);
        subscriptions.put(channel, subscription);
        return subscription;
    }

    /** Queues the subscribe reply, then the keep-last publication, then lets live publications through. */
    void joined(Subscription subscription, Membership membership, EncodedMessage reply) {
        subscription.membership(membership);
        if (closing) {
            // released while joining: the release may have missed this membership
            membership.leave();
            return;
        }
        if (reply != null) {
            outbound.offer(reply);
        }
        Position position = membership.position();
        if (position.latest() != null) {
            outbound.offer(position.latest().encoded());
        }
        membership.open();
    }

    /** Drops the subscription to a channel; the dropped one, or null if there was none. */
    Subscription forget(String channel) {
        return subscriptions.remove(channel);
    }

    /**
     * A copy of the channels subscribed to. Not a view of the map: the map makes its key view the first time it is
     * asked for and keeps it, and a connection asked first as it closes, long lived and old by then, kept a new one
     * that every young collection copied until it was promoted.
     */
    List<String> channels() {
        if (subscriptions.isEmpty()) {
            return List.of();
        }
        var channels = new ArrayList<String>(subscriptions.size());
        subscriptions.forEach((channel, subscription) -> channels.add(channel));
        return channels;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** A text frame arrived from the client: heard, and counted. */
    void received(String text) {
        heard();
        traffic.received(text);
    }

    /** Pings sent since the client was last heard. */
    int missedPings() {
        return missedPings;
    }

    /** One more ping went unanswered so far. */
    void missedPing() {
        MISSED_PINGS.getAndAdd(this, 1);
    }

    /** Anything arrived from the client: a frame, or an RFC 6455 ping or pong. */
    public void heard() {
        heard(System.nanoTime());
    }

    /** Heard at {@code now}, by {@code System.nanoTime()}. */
    void heard(long now) {
        lastHeard = now;
        missedPings = 0;
    }

    long heartbeatTick() {
        return heartbeatTick;
    }

    void heartbeatTick(long tick) {
        heartbeatTick = tick;
    }

    long silentNanos(long now) {
        return now - lastHeard;
    }

    long ageNanos(long now) {
        return now - openedAt;
    }

    /**
     * Takes one message from the connection's allowance ({@code perSecond}, burst twice that). Answers
     * {@code ALLOWED}, {@code REFUSED}, or {@code ABUSIVE} once a whole second's worth was refused in a row.
     */
    synchronized Admission admitMessage(int perSecond) {
        if (messages == null) {
            messages = new Allowance(perSecond);
        }
        return messages.admit();
    }

    /** Takes one publication from the connection's allowance of them, apart from its messages', likewise. */
    synchronized Admission admitPublication(int perSecond) {
        if (publications == null) {
            publications = new Allowance(perSecond);
        }
        return publications.admit();
    }

    enum Admission { ALLOWED, REFUSED, ABUSIVE }

    /** Counts a bad frame; true once more than {@code limit} arrived within a minute. */
    synchronized boolean badFrame(int limit) {
        long now = System.nanoTime();
        if (now - badFrameWindowStart > 60_000_000_000L) {
            badFrameWindowStart = now;
            badFrames = 0;
        }
        return ++badFrames > limit;
    }

    /**
     * The code the server closed with, else {@code reported} (the container's): a client that reads nothing never
     * completes the close handshake, and the container then reports an abnormal closure instead.
     */
    int closeCode(int reported) {
        int decided = closedWith;
        return decided != 0 ? decided : reported;
    }

    /** Frames waiting in the outbound queue now. */
    public int queueDepth() {
        return outbound.depth();
    }

    /** Whether the server or the client began to close it. */
    boolean isClosing() {
        return closing;
    }

    /** The session is gone: drop whatever is still queued. */
    void release() {
        closing = true;
        outbound.close();
    }

    /** Closes once, off the caller's thread: a broker thread must never wait on a socket. */
    void close(CloseCode code, String detail) {
        if (closing(code, detail)) {
            closer.execute(() -> closeSession(code, detail));
        }
    }

    /** Closes once, on this thread: at shutdown, when the container's executor takes no more work. */
    void closeNow(CloseCode code, String detail) {
        if (closing(code, detail)) {
            closeSession(code, detail);
        }
    }

    private boolean closing(CloseCode code, String detail) {
        if (!CLOSING.compareAndSet(this, false, true)) {
            return false;
        }
        closedWith = code.code();
        outbound.close();
        LOG.log(System.Logger.Level.INFO, "closing session " + id() + " user " + identity.userId() + " with "
                + code.code() + (detail == null ? "" : " (" + detail + ")"));
        return true;
    }

    private void closeSession(CloseCode code, String detail) {
        try {
            session.close(code.reason(detail));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close of session " + id() + " failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "session " + id();
    }
}
