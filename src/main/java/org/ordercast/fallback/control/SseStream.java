package org.ordercast.fallback.control;

import jakarta.json.Json;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.Cursor;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.fallback.entity.SseFrame;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.control.Outbound;
import org.ordercast.hub.control.Subscriber;
import org.ordercast.hub.entity.CloseCode;

/**
 * One Server-Sent Events stream over several channels, with the WebSocket's guarantees: each event's id is the
 * {@link Cursor} of every channel after it, so {@code Last-Event-ID} resumes without loss; events carry the same
 * JSON as WebSocket {@code event} frames; a {@code subscribed} event per channel says whether the missed
 * publications were recovered; presence changes come as {@code presence} events without an id. The same bounded
 * queue as a WebSocket's, fed by real write completion ({@link ServletSseWriter}) and capped in frames and bytes,
 * cuts off a client that does not read. The stream ends with a {@code close} event naming the WebSocket close code
 * of the same situation: 4008 (slow consumer), 4002 (token expired), 4000 (disconnected by an administrator).
 */
public final class SseStream implements Subscriber, FallbackConnection {

    private static final System.Logger LOG = System.getLogger(SseStream.class.getName());

    private final Identity identity;
    /** The client's address, whose seat an anonymous stream holds; null for a signed-in one, which holds its user's. */
    private final String address;
    private final Hub hub;
    private final FallbackConnections registry;
    private final List<String> channels;
    private final Cursor cursor;
    private final ServletSseWriter writer;
    private final QueueLimits limits;
    private final Outbound<SseFrame> outbound;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String id = UUID.randomUUID().toString();
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

    private SseStream(AsyncContext context, Identity identity, String address, Hub hub, FallbackConnections registry,
                      List<String> channels, Cursor cursor, QueueLimits limits, ScheduledExecutorService scheduler)
            throws IOException {
        this.identity = identity;
        this.address = identity.isAnonymous() ? address : null;
        this.hub = hub;
        this.registry = registry;
        this.channels = List.copyOf(channels);
        this.cursor = cursor;
        this.limits = limits;
        this.writer = new ServletSseWriter(context, scheduler, failure -> release());
        this.outbound = new Outbound<>(writer, limits.frames(), limits.bytes(),
                () -> close(CloseCode.SLOW_CONSUMER, "reconnect with Last-Event-ID"), failure -> release(),
                registry.sseTraffic());
    }

    /**
     * The limits of one client: frames and bytes waiting before it is cut off, and how long a write may wait for the
     * client to take it.
     */
    public record QueueLimits(int frames, long bytes, Duration writeTimeout) {
    }

    /**
     * Starts the stream on an asynchronous response whose headers are set: subscribes every channel (recovering
     * from the cursor), then lets live publications through. An anonymous stream's seat of its client's
     * {@code address} is claimed before ({@link FallbackConnections#claimAddress}); the stream holds it from here.
     */
    public static SseStream start(AsyncContext context, Identity identity, String address, Hub hub,
                                  FallbackConnections registry, List<String> channels, Cursor cursor,
                                  QueueLimits limits, ScheduledExecutorService scheduler, Duration keepAlive,
                                  Duration untilExpiry) throws IOException {
        SseStream stream;
        try {
            stream = new SseStream(context, identity, address, hub, registry, channels, cursor, limits, scheduler);
        } catch (IOException | RuntimeException e) {
            registry.notStarted(identity, address);
            throw e;
        }
        registry.streamOpened(stream);
        stream.writer.start();
        stream.open(scheduler, keepAlive, untilExpiry);
        return stream;
    }

    private void open(ScheduledExecutorService scheduler, Duration keepAlive, Duration untilExpiry) {
        var memberships = new ArrayList<Membership>();
        for (String channel : channels) {
            Membership membership = hub.join(channel, this, cursor.of(channel).orElse(null));
            memberships.add(membership);
            Position position = membership.position();
            synchronized (this) {
                cursor.advance(channel, position.epoch(),
                        position.recovered() ? cursor.of(channel).orElseThrow().offset() : position.offset());
                send(null, Json.createObjectBuilder().add("type", "subscribed").add("channel", channel)
                        .add("epoch", position.epoch()).add("offset", position.offset())
                        .add("recovered", position.recovered()).build().toString());
                position.publications().forEach(this::emit);
                if (position.latest() != null) {
                    emit(position.latest());
                }
            }
        }
        memberships.forEach(Membership::open);
        long every = keepAlive.toMillis();
        timers.add(scheduler.scheduleWithFixedDelay(this::keepAlive, every, every, TimeUnit.MILLISECONDS));
        if (untilExpiry != null) {
            timers.add(scheduler.schedule(() -> close(CloseCode.TOKEN_EXPIRED, "reconnect with a fresh token"),
                    Math.max(0, untilExpiry.toMillis()), TimeUnit.MILLISECONDS));
        }
        if (closed.get()) {
            cancelTimers();
        }
    }

    /**
     * A comment to keep proxies from timing out; but a stream whose client reset it (HTTP/2) is released, and one
     * whose client has taken nothing for the write timeout is cut off.
     */
    private void keepAlive() {
        if (writer.clientGone()) {
            LOG.log(System.Logger.Level.DEBUG, "SSE stream on " + channels + " user " + identity.userId() + " reset");
            release();
        } else if (writer.waiting().compareTo(limits.writeTimeout()) > 0) {
            close(CloseCode.SLOW_CONSUMER, "nothing written for " + limits.writeTimeout().toSeconds() + " s");
        } else {
            outbound.offer(SseFrame.KEEP_ALIVE);
        }
    }

    @Override
    public void probe() {
        if (writer.clientGone()) {
            release();
        } else if (!closed.get()) {
            outbound.offer(SseFrame.KEEP_ALIVE);
        }
    }

    /** Frames waiting in the stream's outbound queue now. */
    public int queueDepth() {
        return outbound.depth();
    }

    /** The stream's id in the logs. */
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "sse";
    }

    @Override
    public synchronized void deliver(Publication publication) {
        emit(publication);
    }

    @Override
    public void presence(EncodedMessage frame) {
        outbound.offer(new SseFrame(null, "presence", frame.text()));
    }

    @Override
    public void goingAway() {
        close(CloseCode.GOING_AWAY, "reconnect with Last-Event-ID");
    }

    @Override
    public void resync(String channel) {
        close(CloseCode.DISCONNECTED, "publications of " + channel + " were lost: reconnect with Last-Event-ID");
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void disconnect() {
        close(CloseCode.DISCONNECTED, "by an administrator: reconnect with Last-Event-ID");
    }

    /** Sends a publication unless the cursor has it already (replayed, then delivered live). */
    private void emit(Publication p) {
        var at = cursor.of(p.channel());
        if (at.isPresent() && at.get().epoch().equals(p.epoch()) && p.offset() <= at.get().offset()) {
            return;
        }
        cursor.advance(p.channel(), p.epoch(), p.offset());
        outbound.offer(new SseFrame(cursor.toString(), null, p.encoded().text(), p.encoded().acceptedAt()));
    }

    private void send(String name, String data) {
        outbound.offer(new SseFrame(cursor.toString(), name, data));
    }

    /** Ends the stream with a {@code close} event naming the WebSocket close code of the same situation. */
    public void close(CloseCode code, String detail) {
        if (closed.compareAndSet(false, true)) {
            unsubscribe(code.code(), code.text(detail));
            outbound.close();
            String event = Json.createObjectBuilder().add("type", "close").add("code", code.code())
                    .add("reason", code.text(detail)).build().toString();
            String id;
            synchronized (this) {
                id = cursor.toString();
            }
            writer.finish(new SseFrame(id, "close", event));
        }
    }

    /** The client went away. */
    private void release() {
        if (closed.compareAndSet(false, true)) {
            unsubscribe(CloseCode.GOING_AWAY.code(), "the client went away");
            outbound.close();
            writer.abandon();
        }
    }

    private void unsubscribe(int code, String reason) {
        registry.streamClosed(this, code, reason);
        cancelTimers();
        channels.forEach(channel -> hub.leave(channel, this));
    }

    private void cancelTimers() {
        timers.forEach(timer -> timer.cancel(false));
    }
}
