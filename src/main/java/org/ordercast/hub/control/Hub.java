package org.ordercast.hub.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.broker.control.Broker;
import org.ordercast.broker.control.Deliveries;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.metrics.control.Metrics;

/**
 * This node's subscribers: WebSocket subscriptions, SSE streams, waiting long-polls. The node listens to a channel
 * while it has a subscriber there: the first one subscribes the node at the broker, the last one to leave
 * unsubscribes it. A subscriber joins before its channel's history is read, so nothing published in between is
 * lost; its {@link Membership} holds live publications until the transport has sent the recovery reply, and drops
 * what the reply already carried by offset. One implementation for every transport.
 */
@ApplicationScoped
public class Hub implements Deliveries {

    @Inject
    Broker broker;

    /** Null outside a container (tests). */
    @Inject
    Metrics metrics;

    /** Null until started, and when metrics are off: then deliveries cost no clock read. */

    /** The members of one channel; {@code gone} once its last member left and the node unsubscribed. */
    private static final class Local {
        final Map<Subscriber, Membership> members = new ConcurrentHashMap<>();
        boolean gone;
    }

    private final Map<String, Local> channels = new ConcurrentHashMap<>();

    public Hub() {
    }

    /** A hub outside a container (tests). */
    public Hub(Broker broker) {
        this.broker = broker;
    }

    /**
     * Joins a channel, recovering from {@code since} (null: from now on): live publications wait in the returned
     * membership until {@link Membership#open()}.
     */
    public Membership join(String channel, Subscriber subscriber, Since since) {
        var membership = new Membership(this, channel, subscriber);
        while (true) {
            Local local = channels.computeIfAbsent(channel, c -> new Local());
            synchronized (local) {
                if (local.gone) {
                    continue;
                }
                boolean first = local.members.isEmpty();
                local.members.put(subscriber, membership);
                if (first) {
                    subscribeNode(channel, local, subscriber);
                }
                break;
            }
        }
        Position position;
        try {
            position = broker.read(channel, since, Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            leave(channel, subscriber);
            throw e;
        }
        membership.at(position);
        if (since != null && metrics != null) {
            metrics.recovery(channel, position.recovered(), position.publications().size());
        }
        return membership;
    }

    private void subscribeNode(String channel, Local local, Subscriber subscriber) {
        try {
            broker.subscribe(channel);
        } catch (RuntimeException e) {
            local.members.remove(subscriber);
            local.gone = true;
            channels.remove(channel, local);
            throw e;
        }
    }

    /** Leaves a channel; the node stops listening to it when this was its last subscriber here. */
    public void leave(String channel, Subscriber subscriber) {
        Local local = channels.get(channel);
        if (local == null) {
            return;
        }
        synchronized (local) {
            if (local.members.remove(subscriber) == null || !local.members.isEmpty()) {
                return;
            }
            local.gone = true;
            channels.remove(channel, local);
            broker.unsubscribe(channel);
        }
    }

    @PostConstruct
    void registerMetrics() {
        metrics.gauge("ordercast.channels", "Channels with subscribers on this node", null, channels, Map::size);
        metrics.gauge("ordercast.subscriptions", "Subscriptions on this node", null, channels,
                all -> all.values().stream().mapToInt(local -> local.members.size()).sum());
    }

    @Override
    public void publication(Publication publication) {
        Local local = channels.get(publication.channel());
        if (local != null) {
            for (Membership membership : local.members.values()) {
                membership.offer(publication);
            }
        }
    }

    @Override
    public void presence(String channel, EncodedMessage frame) {
        Local local = channels.get(channel);
        if (local != null) {
            for (Membership membership : local.members.values()) {
                membership.presence(frame);
            }
        }
    }

    @Override
    public void resync(String channel) {
        if (metrics != null) {
            metrics.resync(channel);
        }
        Local local = channels.get(channel);
        if (local != null) {
            for (Membership membership : local.members.values()) {
                membership.resync();
            }
        }
    }

    /** Local subscriber count of every channel that has one. */
    public Map<String, Integer> subscriberCounts() {
        var counts = new TreeMap<String, Integer>();
        channels.forEach((name, local) -> {
            int n = local.members.size();
            if (n > 0) {
                counts.put(name, n);
            }
        });
        return counts;
    }

    public boolean hasSubscribers(String channel) {
        Local local = channels.get(channel);
        return local != null && !local.members.isEmpty();
    }

    /** Where the channel stands, for a client that polls: see {@link Broker#read}. */
    public Position read(String channel, Since since, int limit) {
        return broker.read(channel, since, limit);
    }
}
