package org.ordercast.fallback.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.cluster.control.Nodes;
import org.ordercast.channels.control.ChannelRefusedException;
import org.ordercast.fallback.control.FallbackConnections;
import org.ordercast.fallback.control.SseStream;
import org.ordercast.broker.entity.Cursor;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.QueueSettings;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.realtime.control.ClientAddresses;
import org.ordercast.realtime.control.Limits;

/**
 * {@code GET /api/v1/stream?channel=a&channel=b}: the Server-Sent Events fallback, with the WebSocket's channel
 * rules, limits and cursor. {@code Last-Event-ID} (or {@code lastEventId}) resumes; {@code access_token}
 * authenticates an {@code EventSource}, which cannot send headers. A servlet rather than a JAX-RS resource, because
 * only the servlet's non-blocking output says when bytes were really written, which the slow-consumer cut-off needs.
 */
@WebServlet(urlPatterns = "/api/v1/stream", asyncSupported = true)
public class StreamServlet extends HttpServlet {

    /** Writes to a user's streams before a request at the user's limit is looked at again, and their spacing. */
    private static final int PROBES = 4;
    private static final long PROBE_GAP_MILLIS = 50;
    /** How long after the last write the request is looked at again. */
    private static final long SETTLE_MILLIS = 100;

    @Inject
    RequestIdentity identities;

    @Inject
    ChannelAccess access;

    @Inject
    Hub hub;

    @Inject
    Nodes nodes;

    @Inject
    FallbackConnections fallbacks;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.sse.keep-alive", defaultValue = "15")
    int keepAliveSeconds;

    @Inject
    QueueSettings queues;

    @Inject
    @ConfigProperty(name = "ordercast.sse.write-timeout", defaultValue = "30")
    int writeTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "ordercast.ws.token-grace", defaultValue = "25")
    int tokenGraceSeconds;

    @Inject
    Limits limits;

    @Inject
    ClientAddresses clients;

    @Inject
    Metrics metrics;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (Problems.serves(request, response, "GET, OPTIONS")) {
            super.service(request, response);
        }
    }

    /**
     * A client that left its stream over HTTP/1.1 holds its seat until a write to it fails, and the first writes
     * after it left still succeed: a user at the limit who reloads a page would be refused until the next keep-alives.
     * So the user's streams on this node are written to a few times, and the request is looked at again (dispatched
     * anew, and refused then if the user is still at the limit) once writes to a client that left have failed.
     */
    private void admitAfterProbing(HttpServletRequest request, String user) {
        AsyncContext context = request.startAsync();
        context.setTimeout(0);
        for (int i = 0; i < PROBES; i++) {
            scheduler.schedule(() -> fallbacks.probe(user), i * PROBE_GAP_MILLIS, TimeUnit.MILLISECONDS);
        }
        scheduler.schedule(() -> context.dispatch(), PROBES * PROBE_GAP_MILLIS + SETTLE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Identity who;
        try {
            who = identities.ofStream(request);
        } catch (InvalidTokenException e) {
            metrics.refused("token", "sse: " + e.getMessage());
            RequestIdentity.refuse(response, e);
            return;
        }
        int maxPerUser = limits.connectionsPerUser();
        int here = who.isAnonymous() ? 0 : fallbacks.countOf(who.userId());
        if (!who.isAnonymous() && here + nodes.heldElsewhere(FallbackConnections.FIGURE, who.userId()) >= maxPerUser) {
            if (request.getDispatcherType() == DispatcherType.REQUEST && here > 0) {
                admitAfterProbing(request, who.userId());
                return;
            }
            metrics.limited("sse", "connections-per-user");
            response.setHeader("Retry-After", "30");
            Problems.write(response, 429, "user '" + who.userId() + "' already holds " + maxPerUser
                    + " streams (ordercast.limits.connections-per-user)");
            return;
        }
        String[] named = request.getParameterValues("channel");
        if (named == null || named.length == 0) {
            Problems.write(response, 400, "name at least one channel: ?channel=<name>");
            return;
        }
        List<String> channels = Arrays.stream(named).distinct().toList();
        int maxChannels = limits.subscriptionsPerConnection();
        if (channels.size() > maxChannels) {
            metrics.limited("sse", "subscriptions-per-connection");
            Problems.write(response, 400, "at most " + maxChannels + " channels per stream "
                    + "(ordercast.limits.subscriptions-per-connection), " + channels.size() + " named");
            return;
        }
        Cursor cursor;
        try {
            channels.forEach(channel -> access.checkSubscribe(who, channel));
            String lastEventId = request.getHeader("Last-Event-ID");
            cursor = Cursor.parse(lastEventId != null ? lastEventId : lastEventIdParameter(request));
        } catch (ChannelRefusedException e) {
            int status = e.reason() == ChannelRefusedException.Reason.FORBIDDEN ? 403 : 400;
            Problems.write(response, status, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            Problems.write(response, 400, e.getMessage());
            return;
        }
        String address = null;
        if (who.isAnonymous()) {
            // an anonymous stream holds a seat of its client's address, as an anonymous waiting poll does
            address = clients.of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
            int maxPerAddress = limits.anonymousConnectionsPerAddress();
            if (!fallbacks.claimAddress(address, maxPerAddress)) {
                metrics.limited("sse", "anonymous-connections-per-address");
                response.setHeader("Retry-After", "30");
                Problems.write(response, 429, FallbackConnections.anonymousRefusal(address, maxPerAddress));
                return;
            }
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext context = request.startAsync();
        context.setTimeout(0);
        Duration untilExpiry = who.isAnonymous() ? null
                : Duration.between(Instant.now(), who.expiresAt().plusSeconds(tokenGraceSeconds));
        var limits = new SseStream.QueueLimits(queues.frames(), queues.bytes(),
                Duration.ofSeconds(writeTimeoutSeconds));
        SseStream.start(context, who, address, hub, fallbacks, channels, cursor, limits, scheduler,
                Duration.ofSeconds(keepAliveSeconds), untilExpiry);
    }

    /** The {@code lastEventId} query parameter, for a client that cannot send the header; given twice, refused. */
    private static String lastEventIdParameter(HttpServletRequest request) {
        String[] given = request.getParameterValues("lastEventId");
        if (given != null && given.length > 1) {
            throw new IllegalArgumentException(
                    "query parameter 'lastEventId' is given " + given.length + " times: give it once");
        }
        return given == null ? null : given[0];
    }
}
