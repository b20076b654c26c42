package org.ordercast.realtime.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.ordercast.realtime.control.Sessions;

/**
 * Hands the upgrade request's {@code Authorization: Bearer} token to the session (the user properties of
 * {@code modifyHandshake} are per connection since WebSocket 2.1), where {@code Sessions} verifies it with the one
 * verifier; a bad or expired token then closes with 4001 or 4002 instead of failing the handshake. It hands on the
 * client's address too, as {@link AdmissionFilter} found it on the thread that shakes hands, for the seat a connection
 * holds while it is not signed in.
 *
 * <p>One endpoint instance serves every connection of its path, as JSR 356 lets a configurator decide: the endpoints
 * keep no state of their own (each connection's lives in its session), and a CDI instance per connection cost the
 * container a new injection target each time, about a tenth of a connect on Payara.
 */
public class UpgradeToken extends ServerEndpointConfig.Configurator {

    /** The client's address of the upgrade this thread serves, set by {@link AdmissionFilter} around the handshake. */
    static final ThreadLocal<String> CLIENT = new ThreadLocal<>();

    private final ConcurrentHashMap<Class<?>, Object> endpoints = new ConcurrentHashMap<>();

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        Object endpoint = endpoints.get(endpointClass);
        if (endpoint == null) {
            // the container's own instance once (CDI-injected on every server), then that one for every connection
            endpoint = endpoints.computeIfAbsent(endpointClass, type -> CDI.current().select(type).get());
        }
        return endpointClass.cast(endpoint);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        List<String> authorization = request.getHeaders().get("Authorization");
        if (authorization == null) {
            authorization = request.getHeaders().get("authorization");
        }
        if (authorization != null && !authorization.isEmpty()
                && authorization.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            config.getUserProperties().put(Sessions.UPGRADE_TOKEN, authorization.get(0).substring(7).strip());
        } else {
            config.getUserProperties().remove(Sessions.UPGRADE_TOKEN);
        }
        String client = CLIENT.get();
        if (client != null) {
            config.getUserProperties().put(Sessions.CLIENT_ADDRESS, client);
        } else {
            config.getUserProperties().remove(Sessions.CLIENT_ADDRESS);
        }
    }
}
