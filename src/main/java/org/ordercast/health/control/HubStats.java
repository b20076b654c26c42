package org.ordercast.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.ordercast.broker.control.Broker;
import org.ordercast.fallback.control.FallbackConnections;
import org.ordercast.hub.control.Hub;
import org.ordercast.realtime.control.Connection;
import org.ordercast.realtime.control.Sessions;

/** Counts of connections, users and subscribers per channel, read live from the sessions and the broker. */
@ApplicationScoped
public class HubStats {

    @Inject
    Sessions sessions;

    @Inject
    Broker broker;

    @Inject
    Hub hub;

    @Inject
    FallbackConnections fallbacks;

    /** Connections now open. */
    public int activeConnections() {
        return sessions.all().size();
    }

    /**
     * The fields of both seed shapes: {@code totalConnections} (opened since start) and {@code activeConnections};
     * {@code connectedClients}, {@code authenticatedUsers}, {@code onlineUsers} and {@code rooms} (clients per
     * channel); {@code closeCodes}, closed connections per close code since start; and {@code sendPaths},
     * connections opened since start per WebSocket send path; {@code streams}, open SSE streams and waiting long-polls;
     * {@code channels}, channels held in memory.
     */
    public JsonObject snapshot() {
        int active = 0;
        int authenticated = 0;
        for (Connection connection : sessions.all()) {
            active++;
            if (!connection.identity().isAnonymous()) {
                authenticated++;
            }
        }
        JsonObjectBuilder rooms = Json.createObjectBuilder();
        hub.subscriberCounts().forEach(rooms::add);
        JsonObjectBuilder closes = Json.createObjectBuilder();
        sessions.closeCodes().forEach((code, n) -> closes.add(String.valueOf(code), n));
        JsonObjectBuilder paths = Json.createObjectBuilder();
        sessions.sendPaths().forEach(paths::add);
        return Json.createObjectBuilder()
                .add("totalConnections", sessions.totalOpened())
                .add("activeConnections", active)
                .add("connectedClients", active)
                .add("authenticatedUsers", authenticated)
                .add("onlineUsers", Json.createArrayBuilder(sessions.onlineUsers()))
                .add("rooms", rooms)
                .add("closeCodes", closes)
                .add("sendPaths", paths)
                .add("streams", fallbacks.count())
                .add("channels", broker.channelCount())
                .build();
    }
}
