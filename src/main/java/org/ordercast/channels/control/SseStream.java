package org.ordercast.channels.control;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ordercast.channels.entity.Cursor;
import org.ordercast.channels.entity.Position;
import org.ordercast.channels.entity.Publication;

/**
 * One Server-Sent Events stream over several channels, with the WebSocket's guarantees: each event's id is the
 * {@link Cursor} of every channel after it, so {@code Last-Event-ID} resumes without loss; events carry the same
 * JSON as WebSocket {@code event} frames; a {@code subscribed} event per channel says whether the missed
 * publications were recovered. The same bounded queue cuts off a client that does not read. The stream ends
 * (with a {@code close} event) when the token expires.
 */
public final class SseStream implements Subscriber {

    private static final System.Logger LOG = System.getLogger(SseStream.class.getName());

    private final SseEventSink sink;
    private final Sse sse;
    private final Broker broker;
    private final List<String> channels;
    private final Cursor cursor;
    private final Outbound<OutboundSseEvent> outbound;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private List<Publication> held = new ArrayList<>();

    public SseStream(SseEventSink sink, Sse sse, Broker broker, List<String> channels, Cursor cursor, int queueSize) {
        this.sink = sink;
        this.sse = sse;
        this.broker = broker;
        this.channels = List.copyOf(channels);
        this.cursor = cursor;
        this.outbound = new Outbound<>(new Transport<>() {
            @Override
            public void send(List<OutboundSseEvent> events, java.util.function.Consumer<Throwable> done) {
                sink.send(events.get(0)).whenComplete((ignored, failure) -> done.accept(failure));
            }

            @Override
            public int maxBatch() {
                return 1;
            }
        }, queueSize, () -> close(4008, "slow consumer: reconnect with Last-Event-ID"), failure -> release());
    }

    /** Subscribes every channel (recovering from the cursor), then lets live publications through. */
    public void open(ScheduledExecutorService scheduler, Duration keepAlive, Duration untilExpiry) {
        for (String channel : channels) {
            Position position = broker.subscribe(channel, this, cursor.of(channel).orElse(null));
            synchronized (this) {
                cursor.advance(channel, position.epoch(),
                        position.recovered() ? cursor.of(channel).orElseThrow().offset() : position.offset());
                send(null, "{\"type\":\"subscribed\",\"channel\":\"" + channel + "\",\"epoch\":\"" + position.epoch()
                        + "\",\"offset\":" + position.offset() + ",\"recovered\":" + position.recovered() + "}");
                position.publications().forEach(this::emit);
                if (position.latest() != null) {
                    emit(position.latest());
                }
            }
        }
        synchronized (this) {
            held.forEach(this::emit);
            held = null;
        }
        long every = keepAlive.toMillis();
        timers.add(scheduler.scheduleWithFixedDelay(() -> outbound.offer(sse.newEventBuilder().comment("keep-alive")
                .build()), every, every, TimeUnit.MILLISECONDS));
        if (untilExpiry != null) {
            timers.add(scheduler.schedule(() -> close(4002, "token expired: reconnect with a fresh token"),
                    Math.max(0, untilExpiry.toMillis()), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void deliver(Publication publication) {
        synchronized (this) {
            if (held != null) {
                held.add(publication);
                return;
            }
            emit(publication);
        }
    }

    /** Sends a publication unless the cursor has it already (replayed, then delivered live). */
    private void emit(Publication p) {
        var at = cursor.of(p.channel());
        if (at.isPresent() && at.get().epoch().equals(p.epoch()) && p.offset() <= at.get().offset()) {
            return;
        }
        cursor.advance(p.channel(), p.epoch(), p.offset());
        send(null, p.encoded().text());
    }

    private void send(String name, String data) {
        var event = sse.newEventBuilder().id(cursor.toString()).data(data);
        if (name != null) {
            event.name(name);
        }
        outbound.offer(event.build());
    }

    /** Ends the stream with a {@code close} event naming the WebSocket close code of the same situation. */
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "closing SSE stream on " + channels + " with " + code + ": " + reason);
            unsubscribe();
            outbound.close();
            sink.send(sse.newEventBuilder().name("close").id(cursor.toString())
                            .data("{\"type\":\"close\",\"code\":" + code + ",\"reason\":\"" + reason + "\"}").build())
                    .whenComplete((ignored, failure) -> sink.close());
        }
    }

    /** The client went away. */
    private void release() {
        if (closed.compareAndSet(false, true)) {
            unsubscribe();
            outbound.close();
            sink.close();
        }
    }

    private void unsubscribe() {
        timers.forEach(timer -> timer.cancel(false));
        channels.forEach(channel -> broker.unsubscribe(channel, this));
    }
}
