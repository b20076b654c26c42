package org.ordercast.publish.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.DurableStore;
import org.ordercast.broker.entity.StoredPublication;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.problem.boundary.QueryParameters;

/**
 * {@code /api/v1/users/me/notifications}: the signed-in user's durable channel as a list, from a cursor, with
 * read marks. A user away for days (or across a restart) reads here what the WebSocket would have replayed.
 */
@Path("users/me/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class MyNotificationsResource {

    @Inject
    RequestIdentity identities;

    @Inject
    DurableStore store;

    @GET
    public JsonObject list(@QueryParam("since") String sinceText, @QueryParam("limit") String limitText) {
        Identity me = identities.user();
        Long given = QueryParameters.integer("since", sinceText);
        long since = given == null ? 0 : given;
        int limit = QueryParameters.integer("limit", limitText, 100);
        // refused as on the channel's polling endpoint, rather than read as the nearest value allowed
        if (since < 0) {
            throw new BadRequestException("since is an offset: 0 or more");
        }
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be 1-1000");
        }
        String channel = ChannelName.ofUser(me.userId()).orElse(null);
        if (channel == null) {
            // a user whose id names no channel has none, and so no notifications
            return Json.createObjectBuilder().add("epoch", "0").add("offset", 0)
                    .add("notifications", Json.createArrayBuilder()).build();
        }
        var state = store.state(channel);
        var items = Json.createArrayBuilder();
        for (StoredPublication row : store.page(channel, since, limit)) {
            var p = row.toPublication();
            items.add(Json.createObjectBuilder()
                    .add("id", p.message().id())
                    .add("offset", p.offset())
                    .add("event", p.event())
                    .add("timestamp", p.message().timestamp().toString())
                    .add("data", p.message().data())
                    .add("read", row.readAt() != null));
        }
        return Json.createObjectBuilder()
                .add("channel", channel)
                .add("epoch", state.epoch())
                .add("offset", state.lastOffset())
                .add("notifications", items)
                .build();
    }

    @POST
    @Path("{id}/read")
    public JsonObject read(@PathParam("id") String id) {
        Identity me = identities.user();
        var readAt = ChannelName.ofUser(me.userId()).flatMap(channel -> store.markRead(channel, id))
                .orElseThrow(() -> new NotFoundException("no notification '" + id + "' for user '" + me.userId() + "'"));
        return Json.createObjectBuilder().add("id", id).add("readAt", readAt.toString()).build();
    }
}
