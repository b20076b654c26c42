package org.ordercast.envelope.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.broker.entity.Cursor;
import org.ordercast.channels.control.ChannelAccess;
import org.ordercast.channels.control.Policies;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.presence.control.Presence;
import org.ordercast.realtime.control.Limits;
import org.ordercast.realtime.control.Seats;

/**
 * What {@code authenticate} does on the envelope protocol: the token is checked (a claimed {@code userId} alone is
 * never trusted), the connection joins its user's channel, the channels of its stores (the one it names, if the
 * token holds it, else all the token holds) and {@code broadcast}, under the rules of {@code /ws}, with
 * {@code resume} from where the cursor says, and counts in its stores' presence.
 */
@ApplicationScoped
public class EnvelopeAuthentication {

    @Inject
    TokenVerifier verifier;

    @Inject
    ChannelAccess access;

    @Inject
    Policies policies;

    @Inject
    Presence presence;

    @Inject
    Limits limits;

    @Inject
    Metrics metrics;

    @Inject
    Seats seats;

    /**
     * {@code {type: 'authenticate', data: {token, userId?, storeId?, resume?}}}: answered with {@code AUTHENTICATED}
     * (or {@code ERROR}). Again later with a fresh token of the same user, it only renews the token.
     */
    void authenticate(EnvelopeConnection connection, JsonObject data) {
        String token = text(data, "token");
        if (token == null) {
            connection.error("unauthorized", "authenticate needs data.token: a claimed userId alone is not trusted");
            return;
        }
        Identity before = connection.identity();
        Identity identity;
        try {
            identity = verifier.verify(token);
        } catch (InvalidTokenException e) {
            if (before.isAnonymous()) {
                metrics.refused("token", "envelope " + connection.id() + ": " + e.getMessage());
            } else {
                metrics.tokenRefresh("envelope", false);
            }
            if (e.unverifiable()) {
                connection.error("unavailable", "the token could not be checked now: retry");
            } else {
                // the close reason says why: a frame queued before the close could be dropped with the connection
                connection.close(CloseCode.AUTHENTICATION_FAILED, e.getMessage());
            }
            return;
        }
        String claimed;
        String store;
        try {
            claimed = identifier(data, "userId");
            store = identifier(data, "storeId");
        } catch (IllegalArgumentException e) {
            connection.error("bad_frame", e.getMessage());
            return;
        }
        if (claimed != null && !claimed.equals(identity.userId())) {
            connection.error("forbidden", "userId '" + claimed + "' is not the token's user");
            return;
        }
        if (!before.isAnonymous()) {
            boolean same = before.userId().equals(identity.userId());
            metrics.tokenRefresh("envelope", same);
            if (!same) {
                connection.error("forbidden", "a connection stays with the user it authenticated as");
                return;
            }
            connection.identity(identity);
            connection.send("AUTHENTICATED", Json.createObjectBuilder().add("userId", identity.userId())
                    .add("renewed", true).build(), null);
            return;
        }
        if (store != null && !may(identity, "store:" + store)) {
            connection.error("forbidden", "store '" + store + "' is not one of this user's stores");
            return;
        }
        join(connection, identity, store, text(data, "resume"));
    }

    private void join(EnvelopeConnection connection, Identity identity, String store, String resume) {
        var channels = new ArrayList<String>();
        ChannelName.ofUser(identity.userId()).ifPresent(channels::add);
        (store != null ? List.of(store) : identity.stores().stream().sorted().toList())
                .forEach(id -> channels.add("store:" + id));
        channels.add("broadcast");
        if (!seats.claim(identity.userId())) {
            metrics.limited("envelope", "connections-per-user");
            connection.error("rate_limited", seats.refusal(identity.userId()));
            connection.close(CloseCode.RATE_LIMITED, "too many connections for this user");
            return;
        }
        if (!connection.signIn(identity)) {
            seats.release(identity.userId());   // closed meanwhile
            return;
        }
        var rooms = connection.rooms();
        boolean recovered;
        try {
            // the anonymous phase's broadcast room is left: the cursor brought back says where to start
            rooms.leaveAll();
            Cursor from = resume == null ? null : cursor(resume);
            recovered = from != null && rooms.restore(from, channel -> channels.contains(channel)
                    && may(identity, channel), limits.subscriptionsPerConnection());
            rooms.enter(readable(identity, channels));
            rooms.start(recovered);
        } catch (BrokerUnavailableException e) {
            connection.close(CloseCode.SERVER_ERROR, "the broker is unavailable: reconnect");
            return;
        }
        var stores = Json.createArrayBuilder();
        channels.stream().filter(channel -> channel.startsWith("store:") && rooms.contains(channel))
                .forEach(channel -> stores.add(channel.substring(6)));
        var answer = Json.createObjectBuilder().add("userId", identity.userId()).add("storeIds", stores);
        if (resume != null) {
            answer.add("recovered", recovered);
        }
        connection.send("AUTHENTICATED", answer.build(), frame -> frame.add("userId", identity.userId()));
        rooms.open(recovered);
        channels.stream().filter(channel -> rooms.contains(channel) && presenceOf(channel))
                .forEach(channel -> presence.joined(channel, connection.id(), identity.userId()));
    }

    private static Cursor cursor(String text) {
        try {
            return Cursor.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    List<String> readable(Identity identity, List<String> channels) {
        return channels.stream().filter(channel -> may(identity, channel)).toList();
    }

    private boolean may(Identity identity, String channel) {
        return access.maySubscribe(identity, channel);
    }

    private boolean presenceOf(String channel) {
        return policies.require(channel).presence();
    }

    /** A connection that ended gives back its user's seat and leaves the presence of its stores. */
    void left(EnvelopeConnection connection) {
        Identity identity = connection.identity();
        if (identity.isAnonymous()) {
            return;
        }
        seats.release(identity.userId());
        for (String store : identity.stores()) {
            String channel = "store:" + store;
            if (connection.rooms().contains(channel) && presenceOf(channel)) {
                presence.left(channel, connection.id(), identity.userId());
            }
        }
    }

    /**
     * A user or store id: a string, or a whole number as JavaScript clients often send ids (7 is store "7"); null
     * when absent or blank. Anything else is refused rather than taken for "not given", which would quietly widen a
     * connection to all of the token's stores or skip the check of a claimed user.
     */
    private static String identifier(JsonObject data, String field) {
        JsonValue value = data.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString().isBlank() ? null : text.getString();
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return Long.toString(number.longValueExact());
            } catch (ArithmeticException beyondLong) {
                // refused below
            }
        }
        throw new IllegalArgumentException("data." + field + " must be a string or a whole number");
    }

    private static String text(JsonObject data, String field) {
        return data.get(field) instanceof JsonString value && !value.getString().isBlank() ? value.getString() : null;
    }
}
