package org.ordercast.channels.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.ordercast.auth.entity.Identity;
import org.ordercast.channels.control.ChannelRefusedException.Reason;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.channels.entity.Grant;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.metrics.control.EventLog;

/** The one place that decides whether an identity may subscribe to a channel, for every transport. */
@ApplicationScoped
public class ChannelAccess {

    @Inject
    Policies policies;

    @Inject
    Instance<ChannelOwners> owners;

    @Inject
    EventLog events;

    /** The channel's policy if {@code who} may subscribe to it; otherwise a refusal saying why, logged. */
    public NamespacePolicy checkSubscribe(Identity who, String channel) {
        try {
            return policyFor(who, channel);
        } catch (ChannelRefusedException e) {
            events.event("subscription.refused").user(who)
                    .with("channel", channel).with("reason", e.getMessage()).write();
            throw e;
        }
    }

    /** Whether {@code who} may subscribe to the channel (a bad name may not). */
    public boolean maySubscribe(Identity who, String channel) {
        try {
            policyFor(who, channel);
            return true;
        } catch (ChannelRefusedException e) {
            return false;
        }
    }

    private NamespacePolicy policyFor(Identity who, String channel) {
        ChannelName name = parse(channel);
        NamespacePolicy policy = policy(name);
        if (!policy.maySubscribe(who, name) && !customerOf(who, name, policy)) {
            throw new ChannelRefusedException(Reason.FORBIDDEN, who.isAnonymous()
                    ? "channel '" + name + "' needs an authenticated user"
                    : "user '" + who.userId() + "' may not subscribe to channel '" + name + "'");
        }
        return policy;
    }

    private boolean customerOf(Identity who, ChannelName name, NamespacePolicy policy) {
        if (who.isAnonymous() || !name.hasId()
                || policy.subscribe().stream().noneMatch(grant -> grant.kind() == Grant.Kind.CUSTOMER)) {
            return false;
        }
        for (ChannelOwners domain : owners) {
            if (domain.owns(who, name)) {
                return true;
            }
        }
        return false;
    }

    /** The policy of a channel a service publishes to; the name must parse and the namespace exist. */
    public NamespacePolicy checkPublish(String channel) {
        return policy(parse(channel));
    }

    private NamespacePolicy policy(ChannelName name) {
        return policies.of(name).orElseThrow(() -> new ChannelRefusedException(Reason.UNKNOWN_NAMESPACE,
                "no channel namespace '" + name.namespace() + "'"));
    }

    private static ChannelName parse(String channel) {
        try {
            return ChannelName.parse(channel);
        } catch (IllegalArgumentException e) {
            throw new ChannelRefusedException(Reason.BAD_NAME, e.getMessage());
        }
    }
}
