package org.ordercast.fallback.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.cluster.control.Nodes;
import org.ordercast.fallback.control.FallbackConnection;
import org.ordercast.fallback.control.FallbackConnections;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.control.Subscriber;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.problem.boundary.QueryParameters;
import org.ordercast.realtime.control.ClientAddresses;
import org.ordercast.realtime.control.Limits;

/**
 * {@code GET /api/v1/channels/{channel}/events?since=&epoch=&limit=&wait=}: polling with the WebSocket's cursor.
 * With {@code wait} (seconds) and nothing new, the request waits for the next publication (long-polling). The
 * answer's {@code offset}/{@code epoch} are the cursor for the next request; {@code recovered: false} means the
 * history no longer holds what was asked for: reload over REST. An {@code ETag} of the cursor lets pollers
 * revalidate for free.
 */
@Path("channels/{channel}/events")
public class ChannelEventsResource {

    private static final int MAX_WAIT_SECONDS = 60;
    /** When a poll refused at the limit may come again: waiting polls answer within their wait, often sooner. */
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    RequestIdentity identities;

    @Inject
    ChannelAccess access;

    @Inject
    Hub hub;

    @Inject
    FallbackConnections fallbacks;

    @Inject
    Metrics metrics;

    @Inject
    Limits limits;

    @Inject
    Nodes nodes;

    @Inject
    ClientAddresses clients;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public void events(@PathParam("channel") String channel, @QueryParam("since") String sinceText,
                       @QueryParam("epoch") String epoch, @QueryParam("limit") String limitText,
                       @QueryParam("wait") String waitText, @Context Request request,
                       @Context HttpServletRequest http, @Suspended AsyncResponse response) {
        Identity who = identities.of();
        access.checkSubscribe(who, channel);
        Long since = QueryParameters.integer("since", sinceText);
        int limit = QueryParameters.integer("limit", limitText, 100);
        int wait = QueryParameters.integer("wait", waitText, 0);
        if (since != null && since < 0) {
            throw new BadRequestException("since is an offset: 0 or more");
        }
        boolean noEpoch = epoch == null || epoch.isBlank();
        if (since != null && since > 0 && noEpoch) {
            throw new BadRequestException("give the epoch of the cursor with since (only since=0 needs none)");
        }
        if (limit < 1 || limit > 1000 || wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw new BadRequestException("limit must be 1-1000 and wait 0-" + MAX_WAIT_SECONDS + " seconds");
        }
        Since cursor = since == null ? null : noEpoch ? Since.fromStart() : new Since(since, epoch);
        Position now = hub.read(channel, cursor, limit);
        if (cursor == null || !now.recovered() || !now.publications().isEmpty() || wait == 0) {
            response.resume(answer(request, now, cursor));
            return;
        }
        String address = who.isAnonymous() ? clients.of(http.getRemoteAddr(), http.getHeaders("X-Forwarded-For")) : null;
        var waiter = new Waiter(who, address, channel, cursor, request, response);
        // a waiting poll holds a seat as a stream does: the user's, or an anonymous client's address's
        int elsewhere = who.isAnonymous() ? 0 : nodes.heldElsewhere(FallbackConnections.FIGURE, who.userId());
        int max = who.isAnonymous() ? limits.anonymousConnectionsPerAddress() : limits.connectionsPerUser();
        if (!fallbacks.addWithin(waiter, max, elsewhere)) {
            metrics.limited("polling",
                    who.isAnonymous() ? "anonymous-connections-per-address" : "connections-per-user");
            String detail = who.isAnonymous() ? FallbackConnections.anonymousRefusal(address, max)
                    : "user '" + who.userId() + "' already holds " + max + " streams and waiting polls"
                    + " (ordercast.limits.connections-per-user)";
            throw new WebApplicationException(Response.fromResponse(Problems.of(429, detail))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build());
        }
        response.setTimeout(wait, TimeUnit.SECONDS);
        response.setTimeoutHandler(timedOut -> waiter.finish(null));
        Membership membership = hub.join(channel, waiter, cursor);
        Position subscribed = membership.position();
        if (!subscribed.recovered() || !subscribed.publications().isEmpty()) {
            waiter.finish(subscribed);
        } else {
            membership.open();
        }
    }

    /**
     * Waits for the channel's next publication on behalf of one long-poll; an administrator's disconnect answers it
     * at once with what there is.
     */
    private final class Waiter implements Subscriber, FallbackConnection {

        private final Identity identity;
        private final String address;
        private final String channel;
        private final Since cursor;
        private final Request request;
        private final AsyncResponse response;
        private final AtomicBoolean done = new AtomicBoolean();

        Waiter(Identity identity, String address, String channel, Since cursor, Request request,
               AsyncResponse response) {
            this.identity = identity;
            this.address = address;
            this.channel = channel;
            this.cursor = cursor;
            this.request = request;
            this.response = response;
        }

        @Override
        public String transport() {
            return "polling";
        }

        @Override
        public void deliver(Publication publication) {
            if (!done.get()) {
                // the waiting poll's response carries it: this is its hand-over
                metrics.traffic("polling").delivered(publication.encoded().acceptedAt(), System.currentTimeMillis());
            }
            finish(new Position(channel, publication.epoch(), publication.offset(), true, List.of(publication), null));
        }

        @Override
        public void goingAway() {
            finish(null);
        }

        /** Answers with what history says about the cursor: the missed publications, or recovered: false. */
        @Override
        public void resync(String lost) {
            finish(null);
        }

        @Override
        public Identity identity() {
            return identity;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public void disconnect() {
            finish(null);
        }

        void finish(Position position) {
            if (done.compareAndSet(false, true)) {
                fallbacks.remove(this);
                hub.leave(channel, this);
                Position answer = position != null ? position : hub.read(channel, cursor, 1000);
                response.resume(answer(request, answer, cursor));
            }
        }
    }

    private static Response answer(Request request, Position position, Since asked) {
        List<Publication> publications = position.latest() != null ? List.of(position.latest()) : position.publications();
        long next = !publications.isEmpty() ? publications.get(publications.size() - 1).offset()
                : position.recovered() ? asked.offset() : position.offset();
        var tag = new EntityTag(position.epoch() + "-" + next);
        var cache = new CacheControl();
        cache.setNoCache(true);
        cache.setPrivate(true);
        if (publications.isEmpty()) {
            Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
            if (unchanged != null) {
                return unchanged.cacheControl(cache).tag(tag).build();
            }
        }
        var out = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject()
                    .write("channel", position.channel())
                    .write("epoch", position.epoch())
                    .write("offset", next)
                    .write("recovered", position.recovered())
                    .write("more", position.recovered() && next < position.offset())
                    .writeStartArray("publications");
            publications.forEach(p -> p.writeTo(json));
            json.writeEnd().writeEnd();
        }
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON_TYPE).tag(tag).cacheControl(cache).build();
    }

}
