package org.ordercast.socketio.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ordercast.broker.entity.ControlMessage;
import org.ordercast.cluster.control.Nodes;

/**
 * Engine.IO long-polling on several nodes with no sticky sessions. A session lives on the node that opened it; a
 * {@code GET} or {@code POST} of it that reaches another node is relayed to that node through the nodes' control
 * messages ({@code oc.control} on Redis), carried out there as if it had come in directly, and answered back the
 * same way. A poll relayed this way waits on its session's node, which answers it as it would a local one (with
 * packets, a ping, a no-op at its timeout, or the close); the node that holds the client's request only writes
 * what comes back. A {@code POST} is answered once its packets were taken in on the session's node, so the client's
 * next one, wherever it lands, comes after them. A session's node that is gone, or that does not answer in time,
 * makes it "Session ID unknown", as on a single node, and the client reconnects (and recovers what it missed).
 * The upgrade to WebSocket is not relayed: on another node it fails, and the client stays on long-polling.
 */
@ApplicationScoped
public class EngineRelay {

    /** A relayed request's answer: its HTTP status, and the body (Engine.IO packets) or, for an error, the detail. */
    public record Answer(int status, String body) {

        public static final Answer UNKNOWN_SESSION = new Answer(400, "Session ID unknown");
    }

    private static final System.Logger LOG = System.getLogger(EngineRelay.class.getName());
    private static final String POLL = "eio.poll";
    private static final String POST = "eio.post";
    private static final String ANSWER = "eio.answer";
    /** How long past the session's own poll timeout a relayed poll waits for its answer before giving up. */
    private static final long POLL_GRACE_MILLIS = 5_000;
    /** How long a relayed {@code POST} waits for the session's node to take its packets in. */
    private static final long POST_WAIT_MILLIS = 10_000;

    @Inject
    Nodes nodes;

    @Inject
    EngineSessions sessions;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Every other node this one has heard from since it started. */
    private final Set<String> heardFrom = ConcurrentHashMap.newKeySet();

    private record Pending(Consumer<Answer> answered, ScheduledFuture<?> timeout) {
    }

    /** The node a session id names, or null if it names none. */
    static String owner(String sid) {
        int dot = sid == null ? -1 : sid.lastIndexOf('.');
        return dot <= 0 ? null : sid.substring(0, dot);
    }

    /**
     * Whether session {@code sid} may be on another node of the cluster, which requests for it are relayed to: one
     * this node has heard from. A node is relayed to even while its latest figures are late (a busy or paused node
     * drops out of {@link Nodes#others} for a moment); one that is gone leaves its sessions' requests to time out.
     */
    public boolean reaches(String sid) {
        String owner = owner(sid);
        if (owner == null || owner.equals(nodes.id())) {
            return false;
        }
        heardFrom.addAll(nodes.others().keySet());
        return heardFrom.contains(owner);
    }

    /**
     * Relays a poll ({@code payload} null) or the packets of a {@code POST} to the node of session {@code sid}
     * ({@link #reaches}); {@code answered} then hears how it went, on a thread of this bean's: "Session ID unknown"
     * if that node does not hold the session or does not answer in time.
     */
    public void relay(String sid, String payload, Consumer<Answer> answered) {
        String owner = owner(sid);
        String id = UUID.randomUUID().toString();
        long wait = payload == null ? sessions.pollTimeout() + POLL_GRACE_MILLIS : POST_WAIT_MILLIS;
        pending.put(id, new Pending(answered,
                scheduler.schedule(() -> settle(id, Answer.UNKNOWN_SESSION), wait, TimeUnit.MILLISECONDS)));
        try {
            nodes.tellOthers(payload == null ? POLL : POST,
                    String.join("\n", owner, id, sid) + (payload == null ? "" : "\n" + payload));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Engine.IO relay to node " + owner + " failed: " + e);
            settle(id, Answer.UNKNOWN_SESSION);
        }
    }

    /** The control messages of the relay, taken off the broker's thread: what the session's node does, and answers. */
    void instructed(@Observes ControlMessage message) {
        switch (message.action()) {
            case POLL, POST -> {
                String[] fields = message.argument().split("\n", 4);
                if (fields.length >= 3 && nodes.id().equals(fields[0])) {
                    boolean post = POST.equals(message.action());
                    scheduler.execute(() -> carryOut(message.from(), fields, post));
                }
            }
            case ANSWER -> {
                String[] fields = message.argument().split("\n", 4);
                if (fields.length == 4 && nodes.id().equals(fields[0])) {
                    scheduler.execute(() -> settle(fields[1], new Answer(Integer.parseInt(fields[2]), fields[3])));
                }
            }
            default -> { }
        }
    }

    /** On the session's node: a relayed poll waits here like a local one; relayed packets are taken in. */
    private void carryOut(String from, String[] fields, boolean post) {
        String id = fields[1];
        EngineSession session = sessions.find(fields[2]);
        if (session == null) {
            answer(from, id, Answer.UNKNOWN_SESSION);
        } else if (post) {
            session.receivePayload(fields.length == 4 ? fields[3] : "");
            answer(from, id, new Answer(200, "ok"));
        } else {
            var poll = new RelayedPoll(from, id);
            if (session.poll(poll)) {
                poll.timeOutOn(session);
            } else {
                answer(from, id, new Answer(400, "a poll of this session is waiting already"));
            }
        }
    }

    private void answer(String node, String id, Answer answer) {
        try {
            nodes.tellOthers(ANSWER, String.join("\n", node, id, String.valueOf(answer.status()), answer.body()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Engine.IO relay answer to node " + node + " failed: " + e);
        }
    }

    /** On the node holding the client's request: it gets its answer, once. */
    private void settle(String id, Answer answer) {
        Pending waiting = pending.remove(id);
        if (waiting != null) {
            waiting.timeout().cancel(false);
            waiting.answered().accept(answer);
        }
    }

    /** A poll held for a client whose request waits on node {@code from}; its answer goes back there. */
    private final class RelayedPoll implements WaitingPoll {

        private final String from;
        private final String id;
        private ScheduledFuture<?> timeout;
        private boolean answered;

        RelayedPoll(String from, String id) {
            this.from = from;
            this.id = id;
        }

        /** At the session's poll timeout it returns a no-op, as a local poll does at its request's timeout. */
        synchronized void timeOutOn(EngineSession session) {
            if (!answered) {
                timeout = scheduler.schedule(() -> session.pollTimedOut(this), sessions.pollTimeout(),
                        TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void answer(String body) {
            synchronized (this) {
                answered = true;
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
            // called under the session's lock: the message to the other node goes out on another thread
            scheduler.execute(() -> EngineRelay.this.answer(from, id, new Answer(200, body)));
        }
    }
}
