package org.ordercast.health.boundary;

import org.ordercast.auth.boundary.Roles;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.ordercast.health.control.HubStats;

/** {@code /api/v1/websocket/*}: the statistics and online-user queries of the seed gateways. */
@Path("websocket")
@Roles({"admin", "operator", "manager"})
@Produces(MediaType.APPLICATION_JSON)
public class WebSocketResource {

    @Inject
    HubStats stats;

    @GET
    @Path("stats")
    public JsonObject stats() {
        return Json.createObjectBuilder()
                .add("success", true)
                .add("data", stats.snapshot())
                .add("message", "WebSocket statistics retrieved successfully")
                .build();
    }

    @GET
    @Path("health")
    public JsonObject health() {
        JsonObject snapshot = stats.snapshot();
        return Json.createObjectBuilder()
                .add("success", true)
                .add("status", "OK")
                .add("timestamp", Instant.now().toString())
                .add("data", Json.createObjectBuilder()
                        .add("healthy", true)
                        .add("totalConnections", snapshot.get("totalConnections"))
                        .add("activeConnections", snapshot.get("activeConnections")))
                .add("stats", Json.createObjectBuilder()
                        .add("connectedClients", snapshot.get("connectedClients"))
                        .add("authenticatedUsers", snapshot.get("authenticatedUsers"))
                        .add("onlineUsers", snapshot.get("onlineUsers"))
                        .add("rooms", snapshot.get("rooms")))
                .add("message", "WebSocket server is healthy")
                .build();
    }

    @GET
    @Path("users/online")
    public JsonObject online() {
        var users = stats.onlineUsers();
        return Json.createObjectBuilder()
                .add("success", true)
                .add("data", Json.createObjectBuilder().add("users", Json.createArrayBuilder(users))
                        .add("count", users.size()))
                .build();
    }

    @GET
    @Path("users/{userId}/online")
    public JsonObject online(@PathParam("userId") String userId) {
        return Json.createObjectBuilder()
                .add("success", true)
                .add("data", Json.createObjectBuilder().add("userId", userId)
                        .add("online", stats.onlineUsers().contains(userId)))
                .build();
    }
}
