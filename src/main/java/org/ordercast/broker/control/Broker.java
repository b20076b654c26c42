package org.ordercast.broker.control;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.ordercast.broker.entity.ControlMessage;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.Since;

/**
 * Owns channels: numbers each publication, keeps its bounded history and hands the publications of the channels
 * this node subscribed to over to the node's {@link Deliveries}. It works per node, not per client: the hub
 * subscribes the node to a channel when the channel's first local subscriber arrives and unsubscribes it when the
 * last one leaves. {@link MemoryBroker} serves one node; a scale-out broker shares offsets and history between nodes.
 */
public interface Broker {

    /**
     * Appends to the channel and schedules fan-out; returns at once with the numbered publication. With an
     * idempotency key already used for the same request, the first publication is returned and nothing is appended;
     * used for another request, {@link IdempotencyConflictException}.
     */
    Publication publish(String channel, Message message, PublishOptions options);

    /**
     * From now on, every publication of the channel reaches this node's {@link Deliveries}; returns once that holds,
     * so a {@link #read} that follows misses nothing between the two.
     */
    void subscribe(String channel);

    /** This node no longer needs the channel's publications. */
    void unsubscribe(String channel);

    /**
     * Up to {@code limit} publications after {@code since} (all of them must still be in history, else none and
     * {@code recovered: false}); without {@code since}, the channel's position and, on a keep-last channel, its
     * latest publication. Reading a channel that does not exist creates nothing.
     */
    Position read(String channel, Since since, int limit);

    /** Hands a presence frame to every node's subscribers of the channel: no offset, no history. */
    void presence(String channel, EncodedMessage frame);

    /** How many channels this node holds. */
    int channelCount();

    /** Sends an instruction to every other node, which receives it as a {@link ControlMessage} CDI event. */
    void control(ControlMessage message);

    /**
     * Shares this node's figures with the others and answers the latest figures of every node heard from within
     * {@code fresh}, this one's included, by node id.
     */
    Map<String, String> share(String node, String figures, Duration fresh);

    /** Why the broker cannot serve now, if it cannot (its store is unreachable): readiness reports it. */
    default Optional<String> problem() {
        return Optional.empty();
    }
}
