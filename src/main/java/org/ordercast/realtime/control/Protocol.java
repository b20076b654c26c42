package org.ordercast.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.broker.control.FanOutOnCaller;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.control.ChannelRefusedException;
import org.ordercast.channels.entity.NamespacePolicy;
import org.ordercast.hub.control.Hub;
import org.ordercast.hub.control.Membership;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.presence.control.Presence;
import org.ordercast.publish.control.Publisher;
import org.ordercast.publish.entity.PublishRefusedException;
import org.ordercast.publish.entity.PublishRequest;
import org.ordercast.publish.entity.Published;
import org.ordercast.realtime.entity.ClientFrame;
import org.ordercast.realtime.entity.ErrorCode;
import org.ordercast.realtime.entity.FrameType;

/** Protocol v1: answers each client frame. Every frame with an {@code id} gets exactly one reply or error. */
@ApplicationScoped
public class Protocol {

    private static final System.Logger LOG = System.getLogger(Protocol.class.getName());

    @Inject
    TokenVerifier verifier;

    @Inject
    ChannelAccess access;

    @Inject
    Hub hub;

    @Inject
    Sessions sessions;

    @Inject
    Seats seats;

    @Inject
    Commands commands;

    @Inject
    WebSocketSettings settings;

    @Inject
    Limits limits;

    @Inject
    Presence presence;

    @Inject
    Metrics metrics;

    @Inject
    Publisher publisher;

    public void handle(Connection connection, String text) {
        connection.received(text);
        if (text.length() > settings.maxFrameSize) {
            // not every container enforces the session's text buffer size (Payara Micro lets a larger frame through)
            connection.close(CloseCode.TOO_LARGE, "more than " + settings.maxFrameSize + " characters");
            return;
        }
        ClientFrame frame = null;
        try {
            frame = FrameCodec.decode(text);
            // a publisher's publications have an allowance of their own: the messages' is a subscriber's
            boolean publication = frame.type() == FrameType.PUBLISH && Publisher.mayPublish(connection.identity());
            int perSecond = publication ? limits.publicationsPerSecond : limits.messagesPerSecond;
            String limit = publication ? "publications-per-second" : "messages-per-second";
            String what = publication ? " publications a second" : " messages a second";
            switch (publication ? connection.admitPublication(perSecond) : connection.admitMessage(perSecond)) {
                case ABUSIVE -> {
                    metrics.limited("websocket", limit);
                    connection.close(CloseCode.RATE_LIMITED, "more than " + perSecond + what);
                    return;
                }
                case REFUSED -> throw limited(limit, new ProtocolException(ErrorCode.RATE_LIMITED,
                        "more than " + perSecond + what + ": slow down", frame.id()));
                case ALLOWED -> dispatch(connection, frame);
            }
        } catch (ProtocolException e) {
            refuse(connection, e);
        } catch (BrokerUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "session " + connection.id() + ": " + e.getMessage());
            connection.send(ServerFrames.error(frame.id(), ErrorCode.UNAVAILABLE, "the broker is unavailable: "
                    + "try again shortly"));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "session " + connection.id() + ": frame failed", e);
            connection.send(ServerFrames.error(frame == null ? null : frame.id(), ErrorCode.INTERNAL,
                    "the server could not handle this frame"));
        }
    }

    public void binary(Connection connection) {
        connection.heard();
        refuse(connection, new ProtocolException(ErrorCode.BAD_REQUEST,
                "binary frames are not supported: send JSON text frames", null));
    }

    private void dispatch(Connection connection, ClientFrame frame) throws ProtocolException {
        switch (frame.type()) {
            case AUTHENTICATE -> authenticate(connection, frame);
            case SUBSCRIBE -> subscribe(connection, frame);
            case UNSUBSCRIBE -> unsubscribe(connection, frame);
            case COMMAND -> {
                JsonValue result = commands.execute(connection.identity(), frame.name(), frame.args(), frame.id());
                reply(connection, frame, result);
            }
            case PRESENCE -> presence(connection, frame);
            case PONG -> reply(connection, frame, JsonValue.EMPTY_JSON_OBJECT);
            case PUBLISH -> publish(connection, frame);
        }
    }

    /**
     * A publication over the connection, for principals REST would let publish: the same checks and result as
     * {@code POST /api/v1/publish}, the idempotency keys the same user's. The reply goes out first, then this thread
     * hands the publication to the channel's subscribers, as the REST path does.
     */
    private void publish(Connection connection, ClientFrame frame) throws ProtocolException {
        Identity who = connection.identity();
        if (who.isAnonymous()) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "sign in with a publisher's token to publish",
                    frame.id());
        }
        if (!Publisher.mayPublish(who)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "publishing " + Publisher.ROLES, frame.id());
        }
        PublishRequest request = frame.publication();
        try (var fanOut = FanOutOnCaller.open()) {
            Published published = publisher.publish(who.userId(), request.channel(), request.event(), request.data(),
                    request.idempotencyKey());
            reply(connection, frame, published.toJson().build());
        } catch (ChannelRefusedException e) {
            throw ProtocolException.refusedContent(codeOf(e), e.getMessage(), frame.id());
        } catch (PublishRefusedException e) {
            throw ProtocolException.refusedContent(codeOf(e.status()), e.getMessage(), frame.id());
        } catch (WebApplicationException e) {
            throw ProtocolException.refusedContent(codeOf(e.getResponse().getStatus()), e.getMessage(), frame.id());
        }
    }

    /** The error code of what REST refuses with {@code status}. */
    private static ErrorCode codeOf(int status) {
        return switch (status) {
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.TOO_LARGE;
            default -> ErrorCode.BAD_REQUEST;
        };
    }

    private static ErrorCode codeOf(ChannelRefusedException e) {
        return switch (e.reason()) {
            case BAD_NAME -> ErrorCode.BAD_REQUEST;
            case UNKNOWN_NAMESPACE -> ErrorCode.NOT_FOUND;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
        };
    }

    private void authenticate(Connection connection, ClientFrame frame) throws ProtocolException {
        Identity next;
        Identity current = connection.identity();
        try {
            next = verifier.verify(frame.token());
        } catch (InvalidTokenException e) {
            if (current.isAnonymous()) {
                metrics.refused("token", "websocket " + connection.id() + ": " + e.getMessage());
            } else {
                metrics.tokenRefresh("websocket", false);
            }
            throw new ProtocolException(e.unverifiable() ? ErrorCode.UNAVAILABLE : ErrorCode.UNAUTHORIZED,
                    e.getMessage(), frame.id());
        }
        if (!current.isAnonymous() && !current.userId().equals(next.userId())) {
            metrics.tokenRefresh("websocket", false);
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this connection belongs to user '" + current.userId()
                    + "': open a new connection for another user", frame.id());
        }
        if (current.isAnonymous() && !seats.claim(next.userId())) {
            throw limited("connections-per-user",
                    new ProtocolException(ErrorCode.RATE_LIMITED, seats.refusal(next.userId()), frame.id()));
        }
        if (!current.isAnonymous()) {
            metrics.tokenRefresh("websocket", true);
        }
        sessions.identify(connection, next);
        for (String channel : connection.channels()) {
            try {
                access.checkSubscribe(next, channel);
            } catch (ChannelRefusedException e) {
                sessions.leave(connection, channel);
                connection.send(ServerFrames.unsubscribed(channel, e.getMessage()));
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "session " + connection.id() + " authenticated as " + next.userId());
        connection.send(ServerFrames.authenticated(frame.id(), next, next.expiresIn(Instant.now())));
    }

    private void subscribe(Connection connection, ClientFrame frame) throws ProtocolException {
        String channel = frame.channel();
        NamespacePolicy policy = check(connection.identity(), channel, frame.id());
        boolean again = sessions.leave(connection, channel);
        if (!again && connection.subscriptionCount() >= limits.subscriptionsPerConnection) {
            throw limited("subscriptions-per-connection", new ProtocolException(ErrorCode.RATE_LIMITED,
                    "at most " + limits.subscriptionsPerConnection + " subscriptions per connection", frame.id()));
        }
        var subscription = connection.subscribing(channel, frame.events());
        Membership membership;
        try {
            membership = hub.join(channel, subscription, frame.since());
        } catch (RuntimeException e) {
            connection.forget(channel);
            throw e;
        }
        // counted in presence before the reply goes out, so a presence query after the reply sees this user
        sessions.joined(connection, policy, channel);
        connection.joined(subscription, membership, ServerFrames.subscribed(frame.id(), membership.position()));
    }

    private void unsubscribe(Connection connection, ClientFrame frame) {
        sessions.leave(connection, frame.channel());
        reply(connection, frame, Json.createObjectBuilder().add("channel", frame.channel()).build());
    }

    private void presence(Connection connection, ClientFrame frame) throws ProtocolException {
        NamespacePolicy policy = check(connection.identity(), frame.channel(), frame.id());
        if (!policy.presence()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "presence is not enabled for namespace '" + policy.namespace() + "'", frame.id());
        }
        reply(connection, frame, presence.describe(frame.channel()));
    }

    private NamespacePolicy check(Identity who, String channel, Long id) throws ProtocolException {
        try {
            return access.checkSubscribe(who, channel);
        } catch (ChannelRefusedException e) {
            throw new ProtocolException(codeOf(e), e.getMessage(), id);
        }
    }

    /** Counts a refusal at {@code limit} on the way to the client. */
    private ProtocolException limited(String limit, ProtocolException refusal) {
        metrics.limited("websocket", limit);
        return refusal;
    }

    private static void reply(Connection connection, ClientFrame frame, JsonValue result) {
        if (frame.id() != null) {
            connection.send(ServerFrames.reply(frame.id(), result));
        }
    }

    private void refuse(Connection connection, ProtocolException e) {
        LOG.log(System.Logger.Level.INFO, "session " + connection.id() + " user " + connection.identity().userId()
                + ": " + e.code().wireName() + ": " + e.getMessage());
        connection.send(ServerFrames.error(e.id(), e.code(), e.getMessage()));
        if (e.malformed() && connection.badFrame(settings.maxBadFramesPerMinute)) {
            metrics.limited("websocket", "malformed-frames");
            connection.close(CloseCode.POLICY_VIOLATION, "too many malformed frames");
        }
    }
}
