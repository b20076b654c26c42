package org.ordercast.health.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.auth.boundary.Roles;
import org.ordercast.broker.control.Broker;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.health.control.HubStats;

/**
 * {@code GET /api/v1/channels/{channel}}, the operations view's channel inspector: the channel's epoch and offset,
 * how many publications its history can still replay against what the namespace keeps, and its subscribers on every
 * node. Reading a channel creates nothing and counts as no recovery.
 */
@Path("channels/{channel}")
@Roles({"admin", "operator"})
public class ChannelResource {

    @Inject
    ChannelAccess access;

    @Inject
    Broker broker;

    @Inject
    HubStats stats;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject describe(@PathParam("channel") String channel) {
        NamespacePolicy policy = access.checkPublish(channel);
        Position now = broker.read(channel, null, 1);
        JsonObjectBuilder byNode = Json.createObjectBuilder();
        int total = 0;
        for (var node : stats.snapshot().getJsonObject("nodes").entrySet()) {
            int here = node.getValue().asJsonObject().getJsonObject("rooms").getInt(channel, 0);
            byNode.add(node.getKey(), here);
            total += here;
        }
        return Json.createObjectBuilder()
                .add("channel", channel)
                .add("namespace", policy.namespace())
                .add("epoch", now.epoch())
                .add("offset", now.offset())
                .add("history", Json.createObjectBuilder()
                        .add("length", historyLength(channel, now, policy))
                        .add("size", policy.historySize())
                        .add("ttlSeconds", policy.historyTtl().toSeconds())
                        .add("durable", policy.durable()))
                .add("keepLast", policy.keepLast())
                .add("presence", policy.presence())
                .add("subscribers", Json.createObjectBuilder().add("total", total).add("nodes", byNode))
                .build();
    }

    /**
     * How many of the latest publications a client could still recover: the oldest cursor the broker still serves
     * whole, found by halving (every broker answers {@link Broker#read} the same way, so none needs a length query).
     */
    private int historyLength(String channel, Position now, NamespacePolicy policy) {
        long oldest = Math.max(0, now.offset() - policy.historySize());
        long newest = now.offset();
        while (oldest < newest) {
            long middle = (oldest + newest) >>> 1;
            if (broker.read(channel, new Since(middle, now.epoch()), 1).recovered()) {
                newest = middle;
            } else {
                oldest = middle + 1;
            }
        }
        return (int) (now.offset() - oldest);
    }
}
