package org.ordercast.hub.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much may wait for one client, on every transport (WebSocket connection, SSE stream): frames and bytes, past
 * either of which the client is cut off with 4008 and recovers from its cursor.
 */
@ApplicationScoped
public class QueueSettings {

    @Inject
    @ConfigProperty(name = "ordercast.ws.queue-size", defaultValue = "1024")
    int frames;

    @Inject
    @ConfigProperty(name = "ordercast.ws.queue-bytes", defaultValue = "16777216")
    long bytes;

    public int frames() {
        return frames;
    }

    public long bytes() {
        return bytes;
    }
}
