package org.ordercast.realtime.boundary;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import org.ordercast.realtime.control.Sessions;

/**
 * Hands the upgrade request's {@code Authorization: Bearer} token to the session (the user properties of
 * {@code modifyHandshake} are per connection since WebSocket 2.1), where {@code Sessions} verifies it with the one
 * verifier; a bad or expired token then closes with 4001 or 4002 instead of failing the handshake.
 */
public class UpgradeToken extends ServerEndpointConfig.Configurator {

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
    }
}
