package org.ordercast.health.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.auth.boundary.Roles;
import org.ordercast.health.control.Disconnects;

/**
 * {@code DELETE /api/v1/connections?user=}: closes a user's connections on every transport (WebSocket 4000, an SSE
 * stream's {@code close} event with 4000, a waiting long-poll answered at once) and on every node; clients reconnect
 * and recover. {@code closed} counts this node's, {@code otherNodes} the nodes told to close theirs.
 */
@Path("connections")
@Roles("admin")
public class ConnectionsResource {

    @Inject
    Disconnects disconnects;

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject disconnect(@QueryParam("user") String user) {
        if (user == null || user.isBlank()) {
            throw new BadRequestException("name the user whose connections to close: ?user=<id>");
        }
        Disconnects.Result result = disconnects.disconnect(user);
        return Json.createObjectBuilder().add("user", user).add("closed", result.closedHere())
                .add("otherNodes", result.nodesTold()).build();
    }
}
