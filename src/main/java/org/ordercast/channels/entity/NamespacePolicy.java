package org.ordercast.channels.entity;

import java.time.Duration;
import java.util.List;
import org.ordercast.auth.entity.Identity;

/**
 * What a namespace allows: who may subscribe (any one grant suffices), how much history it keeps, whether a new
 * subscriber gets the latest publication at once (keep-last), whether presence is tracked, whether clients join it
 * on connect, whether its history lives in the database (durable) rather than in memory.
 */
public record NamespacePolicy(String namespace, List<Grant> subscribe, int historySize, Duration historyTtl,
                              boolean keepLast, boolean presence, boolean autoJoin, boolean durable) {

    public NamespacePolicy {
        subscribe = List.copyOf(subscribe);
    }

    public boolean maySubscribe(Identity who, ChannelName channel) {
        return subscribe.stream().anyMatch(grant -> grant.admits(who, channel));
    }
}
