package org.ordercast.presence.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.presence.control.Presence;

/** {@code GET /api/v1/channels/{channel}/presence}: the users in a channel, for those who may subscribe to it. */
@Path("channels/{channel}/presence")
public class PresenceResource {

    @Inject
    RequestIdentity identities;

    @Inject
    ChannelAccess access;

    @Inject
    Presence presence;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject presence(@PathParam("channel") String channel) {
        NamespacePolicy policy = access.checkSubscribe(identities.of(), channel);
        if (!policy.presence()) {
            throw new ForbiddenException("presence is not enabled for namespace '" + policy.namespace() + "'");
        }
        return presence.describe(channel);
    }
}
