package org.ordercast.socketio.control;

import static org.ordercast.socketio.control.EnginePackets.CLOSE;
import static org.ordercast.socketio.control.EnginePackets.MESSAGE;
import static org.ordercast.socketio.control.EnginePackets.NOOP;
import static org.ordercast.socketio.control.EnginePackets.OPEN;
import static org.ordercast.socketio.control.EnginePackets.PING;
import static org.ordercast.socketio.control.EnginePackets.PONG;
import static org.ordercast.socketio.control.EnginePackets.UPGRADE;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.Outbound;
import org.ordercast.hub.control.Transport;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.realtime.control.Deadlines;
import org.ordercast.realtime.control.Seats;
import org.ordercast.realtime.control.TokenBucket;
import org.ordercast.socketio.entity.SocketPacket;

/**
 * One Engine.IO (protocol 4) client: its id, its transport (HTTP long-polling, then WebSocket after an upgrade, or
 * WebSocket from the start), the server's pings and the client's pongs, and its Socket.IO sockets, one per
 * namespace. Packets to the client go out in order on whichever transport it has; a polling client that lets more
 * than {@link EngineSessions#QUEUE} of them pile up is closed, as a WebSocket one is by its bounded queue.
 */
public final class EngineSession {

    private enum State { POLLING, UPGRADING, WEBSOCKET, CLOSED }

    private final String sid;
    private final EngineSessions sessions;
    private final String upgradeToken;
    private final Map<String, NamespaceSocket> sockets = new ConcurrentHashMap<>();
    private final PolledPackets polled;
    private final TokenBucket messages;
    /** The users holding a connection seat through this session (a user's sockets of several namespaces take one). */
    private final Set<String> seated = new HashSet<>();
    /** The seat of its client's address it holds until one of its sockets signs in, or it closes. */
    private final Seats.AnonymousSeat anonymousSeat;
    private State state;
    private boolean probed;
    private Session webSocket;
    private Outbound<EncodedMessage> outbound;
    private volatile long pongAwaitedSince;
    /** When the next ping is due ({@link System#nanoTime}), on the session's own schedule; 0 until first looked at. */
    private volatile long pingDueAt;
    /** The tick {@link EngineSessions} looks at it next, {@link Deadlines#NOWHERE} while at none; the tick's own. */
    private long deadlineTick = Deadlines.NOWHERE;

    EngineSession(String sid, EngineSessions sessions, String upgradeToken, int messagesPerSecond,
                  Seats.AnonymousSeat anonymousSeat) {
        this.sid = sid;
        this.anonymousSeat = anonymousSeat;
        this.messages = new TokenBucket(messagesPerSecond, 2 * messagesPerSecond);
        this.sessions = sessions;
        this.upgradeToken = upgradeToken;
        this.polled = new PolledPackets(sessions.traffic());
        this.state = State.POLLING;
    }

    public String sid() {
        return sid;
    }

    /**
     * Whether {@code user} holds a connection seat through this session, taking one with {@code claim} if not yet;
     * false when {@code claim} refuses, or the session has closed (its seats were given back already). Under the
     * session's lock, so two namespaces connecting at once take one seat, and a closing session none.
     */
    synchronized boolean seat(String user, Predicate<String> claim) {
        if (seated.contains(user)) {
            return true;
        }
        if (state == State.CLOSED || !claim.test(user)) {
            return false;
        }
        anonymousSeat.release();
        return seated.add(user);
    }

    /** The seats this session held, given up: it has closed (its address's seat, if it held it, is given back). */
    synchronized Set<String> unseat() {
        anonymousSeat.release();
        var all = Set.copyOf(seated);
        seated.clear();
        return all;
    }

    /** The token that came with the handshake (header or {@code token} query parameter), or null. */
    String upgradeToken() {
        return upgradeToken;
    }

    /** The first packet of every session: the client learns its id, the ping timing and the largest payload. */
    public String openPacket(boolean canUpgrade) {
        return OPEN + sessions.handshake(sid, canUpgrade).toString();
    }

    /**
     * A WebSocket for this session: from the start ({@code transport=websocket} without a session id), or one that
     * probes, then upgrades, a polling session ({@code upgrade}); false if the session cannot take it.
     */
    public synchronized boolean useWebSocket(Session session, Transport<EncodedMessage> transport, boolean upgrade) {
        if (state != State.POLLING) {
            return false;
        }
        webSocket = session;
        outbound = sessions.outbound(transport, this);
        state = upgrade ? State.UPGRADING : State.WEBSOCKET;
        return true;
    }

    /** A packet for the client, on the transport it has now. */
    public void send(String packet) {
        send(packet, 0);
    }

    /** A packet carrying a publication accepted at {@code acceptedAt} (epoch milliseconds), for its latency. */
    void send(String packet, long acceptedAt) {
        var message = new EncodedMessage(packet, acceptedAt);
        Outbound<EncodedMessage> out;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            if (state != State.WEBSOCKET) {
                if (!polled.add(message)) {
                    closeLater(CloseCode.SLOW_CONSUMER, "the client took too long to poll");
                }
                return;
            }
            out = outbound;
        }
        out.offer(message);
    }

    /** A polling request ({@code GET}): answered at once with what waits, else when something comes. */
    public synchronized boolean poll(WaitingPoll poll) {
        if (state == State.CLOSED || !polled.hold(poll)) {
            return false;
        }
        if (state == State.WEBSOCKET || probed) {
            // upgraded, or upgrading: the client waits for this poll before it switches, so it returns at once
            polled.answerNow();
        } else {
            polled.answer();
        }
        return true;
    }

    /** A poll that timed out on the server's side: answered with a no-op, so that the client polls again. */
    public synchronized void pollTimedOut(WaitingPoll poll) {
        polled.timedOut(poll);
    }

    /** A polling client's {@code POST}: its packets, joined by the record separator. */
    public void receivePayload(String payload) {
        for (String packet : payload.split(String.valueOf(EnginePackets.SEPARATOR))) {
            receive(packet);
        }
    }

    /**
     * One Engine.IO packet from the client, by either transport. Past {@code ordercast.limits.messages-per-second}
     * (twice that at once) the session ends: Socket.IO has no way to refuse one packet.
     */
    public void receive(String packet) {
        sessions.traffic().received(packet);
        if (packet.isEmpty()) {
            return;
        }
        if (!messages.take()) {
            sessions.metrics.limited("socketio", "messages-per-second");
            close(CloseCode.RATE_LIMITED.code(), CloseCode.RATE_LIMITED.text("too many packets"));
            return;
        }
        switch (packet.charAt(0)) {
            case PING -> {
                if ("2probe".equals(packet)) {
                    probe();
                } else {
                    send(PONG + packet.substring(1));
                }
            }
            case PONG -> pongAwaitedSince = 0;
            case MESSAGE -> sessions.message(this, packet.substring(1));
            case UPGRADE -> upgrade();
            case CLOSE -> close(1000, "closed by the client");
            case NOOP -> { }
            default -> closeLater(CloseCode.POLICY_VIOLATION, "unknown Engine.IO packet type");
        }
    }

    /**
     * The WebSocket's probe: answered on it; the poll in progress returns with a no-op, since the client pauses
     * polling (waits for that poll) before it sends the upgrade.
     */
    private void probe() {
        Outbound<EncodedMessage> out;
        synchronized (this) {
            if (state != State.UPGRADING) {
                return;
            }
            out = outbound;
            probed = true;
            polled.answerNow();
        }
        out.offer(new EncodedMessage(PONG + "probe"));
    }

    /**
     * The switch to the WebSocket: what waited for a poll goes out on it first, queued under the lock so that no
     * packet sent meanwhile overtakes it (queueing does not block).
     */
    private synchronized void upgrade() {
        if (state != State.UPGRADING) {
            return;
        }
        state = State.WEBSOCKET;
        for (EncodedMessage packet : polled.drain()) {
            outbound.offer(packet);
        }
    }

    /**
     * Closes the session when its last ping went unanswered past the timeout; else sends a ping once the interval
     * since the last one (or since the session opened) has passed. Each session keeps its own schedule, as a
     * Socket.IO server's timers do, so sessions opened together are not all pinged, and do not all answer, at once.
     * Answers when to look at the session next ({@code System.nanoTime()}), or {@link Deadlines#NOWHERE} once
     * closed: a pong that comes meanwhile only moves that later.
     */
    long ping(long now, long intervalNanos, long timeoutNanos) {
        long since = pongAwaitedSince;
        if (since != 0) {
            if (now - since > timeoutNanos) {
                close(CloseCode.HEARTBEAT_MISSED.code(), CloseCode.HEARTBEAT_MISSED.text(null));
                return Deadlines.NOWHERE;
            }
            // the timeout, unless the next ping comes first (should the pong arrive before it)
            long overdue = since + timeoutNanos + 1;
            long due = pingDueAt;
            return due - now > 0 ? Math.min(overdue, due) : overdue;
        }
        long due = pingDueAt;
        if (due == 0) {
            pingDueAt = now + intervalNanos;
        } else if (now - due >= 0) {
            pingDueAt = now + intervalNanos;
            pongAwaitedSince = now;
            send(String.valueOf(PING));
            return now + Math.min(timeoutNanos + 1, intervalNanos);
        }
        return pingDueAt;
    }

    /** Whether it closed. */
    synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    long deadlineTick() {
        return deadlineTick;
    }

    void deadlineTick(long tick) {
        deadlineTick = tick;
    }

    /** Who the session is: the first signed-in identity among its sockets, else anonymous. */
    Identity identity() {
        for (NamespaceSocket socket : sockets.values()) {
            if (!socket.identity().isAnonymous()) {
                return socket.identity();
            }
        }
        return Identity.anonymous();
    }

    /**
     * Disconnects the user's sockets: each leaves its rooms and the client gets the namespace's {@code DISCONNECT};
     * the user's seat is given back. Returns how many sockets.
     */
    int disconnect(String userId) {
        int n = 0;
        for (NamespaceSocket socket : sockets.values()) {
            if (userId.equals(socket.identity().userId()) && sockets.remove(socket.namespace(), socket)) {
                socket.disconnected();
                send(MESSAGE + SocketPacket.disconnect(socket.namespace()).encode());
                n++;
            }
        }
        boolean seatHeld;
        synchronized (this) {
            seatHeld = n > 0 && seated.remove(userId);
        }
        if (seatHeld) {
            sessions.unseated(userId);
        }
        return n;
    }

    Iterable<NamespaceSocket> sockets() {
        return sockets.values();
    }

    NamespaceSocket socket(String namespace) {
        return sockets.get(namespace);
    }

    void attach(NamespaceSocket socket) {
        sockets.put(socket.namespace(), socket);
        if (!socket.identity().isAnonymous()) {
            sessions.signedIn(this);   // its token may run out sooner than the others'
        }
    }

    void detach(NamespaceSocket socket) {
        sockets.remove(socket.namespace(), socket);
    }

    /**
     * The WebSocket of this session closed with {@code code}: a probe that failed leaves the polling session as it
     * was.
     */
    public void webSocketClosed(Session session, int code) {
        boolean end;
        synchronized (this) {
            if (webSocket != session) {
                return;
            }
            end = state == State.WEBSOCKET;
            if (!end) {
                webSocket = null;
                outbound = null;
                probed = false;
                state = State.POLLING;
            }
        }
        if (end) {
            close(code, CloseCode.describe(code, null));
        }
    }

    /** Closes from a thread that may hold this session's lock: the work runs elsewhere. */
    void closeLater(CloseCode code, String detail) {
        sessions.closeLater(this, code, detail);
    }

    /**
     * Ends the session: its sockets leave their channels, the transport closes; counted and logged with the code of
     * the situation, as a WebSocket close would carry it.
     */
    public void close(CloseCode code, String detail) {
        close(code.code(), code.text(detail));
    }

    void close(int code, String reason) {
        Session socket;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            polled.end();
            socket = webSocket;
            if (outbound != null) {
                outbound.close();
            }
        }
        Identity who = identity();
        sockets.values().forEach(NamespaceSocket::disconnected);
        sockets.clear();
        sessions.forget(this, who, code, reason);
        if (socket != null && socket.isOpen()) {
            try {
                socket.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "closed"));
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
