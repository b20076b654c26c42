package org.ordercast.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.ordercast.broker.entity.ControlMessage;
import org.ordercast.cluster.control.Nodes;
import org.ordercast.fallback.control.FallbackConnections;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.realtime.control.OpenConnections;

/**
 * An administrator's disconnect of a user, on every node: this node closes the user's connections at once
 * ({@code /ws} and the envelope protocol with 4000, a Socket.IO socket with its namespace's {@code DISCONNECT}, an
 * SSE stream with a {@code close} event carrying 4000, a waiting long-poll answered) and tells the others, which do
 * the same when the instruction reaches them.
 */
@ApplicationScoped
public class Disconnects {

    static final String DISCONNECT = "disconnect";

    @Inject
    Instance<OpenConnections> protocols;

    @Inject
    FallbackConnections fallbacks;

    @Inject
    Nodes nodes;

    /** The result: connections closed on this node, and how many other nodes were told to close theirs. */
    public record Result(int closedHere, int nodesTold) {
    }

    public Result disconnect(String user) {
        int here = closeHere(user);
        return new Result(here, nodes.tellOthers(DISCONNECT, user));
    }

    void instructed(@Observes ControlMessage message) {
        if (DISCONNECT.equals(message.action()) && !nodes.id().equals(message.from())) {
            closeHere(message.argument());
        }
    }

    private int closeHere(String user) {
        int n = fallbacks.disconnect(user);
        for (OpenConnections protocol : protocols) {
            n += protocol.disconnect(user, CloseCode.DISCONNECTED);
        }
        return n;
    }
}
