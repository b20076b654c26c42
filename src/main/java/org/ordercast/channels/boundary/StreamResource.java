package org.ordercast.channels.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.channels.control.Broker;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.control.SseStream;
import org.ordercast.channels.entity.Cursor;

/**
 * {@code GET /api/v1/stream?channel=a&channel=b}: the Server-Sent Events fallback, with the WebSocket's channel
 * rules and cursor. {@code Last-Event-ID} (or {@code lastEventId}) resumes; {@code access_token} authenticates an
 * {@code EventSource}, which cannot send headers.
 */
@Path("stream")
public class StreamResource {

    @Inject
    RequestIdentity identities;

    @Inject
    ChannelAccess access;

    @Inject
    Broker broker;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.sse.keep-alive", defaultValue = "15")
    int keepAliveSeconds;

    @Inject
    @ConfigProperty(name = "ordercast.ws.queue-size", defaultValue = "1024")
    int queueSize;

    @Inject
    @ConfigProperty(name = "ordercast.ws.token-grace", defaultValue = "25")
    int tokenGraceSeconds;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("channel") List<String> channels,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("lastEventId") String lastEventIdParameter,
                       @Context SseEventSink sink, @Context Sse sse) {
        Identity who = identities.of(headers, uri);
        if (channels == null || channels.isEmpty()) {
            throw new BadRequestException("name at least one channel: ?channel=<name>");
        }
        channels.forEach(channel -> access.checkSubscribe(who, channel));
        Cursor cursor;
        try {
            cursor = Cursor.parse(lastEventId != null ? lastEventId : lastEventIdParameter);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        var stream = new SseStream(sink, sse, broker, channels.stream().distinct().toList(), cursor, queueSize);
        Duration untilExpiry = who.isAnonymous() ? null
                : Duration.between(Instant.now(), who.expiresAt().plusSeconds(tokenGraceSeconds));
        stream.open(scheduler, Duration.ofSeconds(keepAliveSeconds), untilExpiry);
    }
}
