package org.ordercast.metrics.control;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.ordercast.broker.entity.EncodedMessage;

/**
 * What one transport moved on this node: frames and bytes sent and received, and the delivery latency of each
 * publication, from its acceptance to the moment its frame is handed to the connection's socket. A plain object its
 * transport keeps (no look-up, no CDI proxy per frame); frames and bytes are adders the registry reads at each
 * scrape. Bytes are the frames' payloads (a WebSocket message's UTF-8 text, an SSE event's lines, about; a
 * Socket.IO packet), not the framing.
 */
public final class Traffic {

    /** Counts nothing: what a transport gets when metrics are off. */
    public static final Traffic NONE = new Traffic();

    private final boolean counting;
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final Timer latency;

    private Traffic() {
        counting = false;
        latency = null;
    }

    /** Counters of {@code transport} registered in {@code registry}. */
    public Traffic(MeterRegistry registry, String transport) {
        counting = true;
        register(registry, "ordercast.frames.sent", "Frames handed to connections' sockets", transport, framesSent);
        register(registry, "ordercast.bytes.sent", "Payload bytes handed to connections' sockets", transport,
                bytesSent);
        register(registry, "ordercast.frames.received", "Frames received from clients", transport, framesReceived);
        register(registry, "ordercast.bytes.received", "Payload bytes received from clients", transport,
                bytesReceived);
        latency = Timer.builder("ordercast.delivery.latency")
                .description("From a publication's acceptance to the hand-over of its frame to a connection's socket")
                .tag("transport", transport).serviceLevelObjectives(Metrics.LATENCY_BUCKETS).register(registry);
    }

    private static void register(MeterRegistry registry, String name, String description, String transport,
                                 LongAdder source) {
        FunctionCounter.builder(name, source, LongAdder::sum).description(description).tag("transport", transport)
                .register(registry);
    }

    /** Whether this counts: a caller skips measuring what it would count when not. */
    public boolean counting() {
        return counting;
    }

    /** Frames written to a connection, {@code bytes} in all. */
    public void sent(int frames, long bytes) {
        if (counting) {
            framesSent.add(frames);
            bytesSent.add(bytes);
        }
    }

    /**
     * A publication accepted at {@code acceptedAt} handed to a connection's socket at {@code now} (both epoch
     * milliseconds).
     */
    public void delivered(long acceptedAt, long now) {
        if (counting) {
            latency.record(Math.max(0, now - acceptedAt), TimeUnit.MILLISECONDS);
        }
    }

    /** One text frame from a client. */
    public void received(String text) {
        if (counting) {
            framesReceived.increment();
            bytesReceived.add(EncodedMessage.utf8Length(text));
        }
    }
}
