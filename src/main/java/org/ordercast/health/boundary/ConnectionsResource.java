package org.ordercast.health.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.realtime.control.Sessions;
import org.ordercast.realtime.entity.CloseCode;

/** {@code DELETE /api/v1/connections?user=}: closes a user's connections (4000); clients reconnect and recover. */
@Path("connections")
@RolesAllowed("admin")
public class ConnectionsResource {

    @Inject
    Sessions sessions;

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject disconnect(@QueryParam("user") String user) {
        if (user == null || user.isBlank()) {
            throw new BadRequestException("name the user whose connections to close: ?user=<id>");
        }
        return Json.createObjectBuilder().add("user", user)
                .add("closed", sessions.disconnect(user, CloseCode.DISCONNECTED)).build();
    }
}
