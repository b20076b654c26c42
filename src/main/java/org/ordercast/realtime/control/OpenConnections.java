package org.ordercast.realtime.control;

import java.util.stream.Stream;
import org.ordercast.auth.entity.Identity;
import org.ordercast.hub.entity.CloseCode;

/**
 * One protocol's connections open on this node ({@code /ws}, the envelope protocol, Socket.IO): what the statistics
 * and the online-user queries count, and what an administrator's disconnect closes, whichever protocol a client
 * speaks.
 */
public interface OpenConnections {

    /** The identity of each open connection, one per connection, anonymous ones included. */
    Stream<Identity> identities();

    /** Connections opened since start. */
    long totalOpened();

    /** Ends the user's connections for an administrator, with {@code code} where the protocol carries one; how many. */
    int disconnect(String userId, CloseCode code);
}
