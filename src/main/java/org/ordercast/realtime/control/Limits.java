package org.ordercast.realtime.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The abuse limits, {@code ordercast.limits.*}, all on by default with values no honest client reaches:
 * new connections per client address per minute (WebSocket handshakes and SSE streams), messages per second per
 * connection (a token bucket with twice that as burst; a publisher's {@code publish} frames have their own),
 * subscriptions per connection (channels per SSE stream), connections per user (SSE streams counted apart),
 * connections not signed in per client address (likewise), worker threads waiting for request bodies still on their
 * way ({@link BodyWaits}), on the node and per client address.
 */
@Dependent
public class Limits {

    @Inject
    @ConfigProperty(name = "ordercast.limits.connections-per-ip-per-minute", defaultValue = "300")
    int connectionsPerIpPerMinute;

    @Inject
    @ConfigProperty(name = "ordercast.limits.messages-per-second", defaultValue = "50")
    int messagesPerSecond;

    /** {@code publish} frames of a publisher's connection, counted apart from its other messages. */
    @Inject
    @ConfigProperty(name = "ordercast.limits.publications-per-second", defaultValue = "10000")
    int publicationsPerSecond;

    @Inject
    @ConfigProperty(name = "ordercast.limits.subscriptions-per-connection", defaultValue = "200")
    int subscriptionsPerConnection;

    @Inject
    @ConfigProperty(name = "ordercast.limits.connections-per-user", defaultValue = "50")
    int connectionsPerUser;

    @Inject
    @ConfigProperty(name = "ordercast.limits.anonymous-connections-per-address", defaultValue = "50")
    int anonymousConnectionsPerAddress;

    @Inject
    @ConfigProperty(name = "ordercast.limits.body-waits", defaultValue = "16")
    int bodyWaits;

    @Inject
    @ConfigProperty(name = "ordercast.limits.body-waits-per-client", defaultValue = "8")
    int bodyWaitsPerClient;

    public int connectionsPerIpPerMinute() {
        return connectionsPerIpPerMinute;
    }

    public int messagesPerSecond() {
        return messagesPerSecond;
    }

    public int publicationsPerSecond() {
        return publicationsPerSecond;
    }

    public int subscriptionsPerConnection() {
        return subscriptionsPerConnection;
    }

    public int connectionsPerUser() {
        return connectionsPerUser;
    }

    public int anonymousConnectionsPerAddress() {
        return anonymousConnectionsPerAddress;
    }

    public int bodyWaits() {
        return bodyWaits;
    }

    public int bodyWaitsPerClient() {
        return bodyWaitsPerClient;
    }
}
