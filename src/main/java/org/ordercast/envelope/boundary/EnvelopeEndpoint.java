package org.ordercast.envelope.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.ordercast.envelope.control.EnvelopeConnection;
import org.ordercast.envelope.control.EnvelopeConnections;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.realtime.boundary.UpgradeToken;
import org.ordercast.realtime.control.Sessions;
import org.ordercast.realtime.sendpath.QueryTokens;

/** {@code /ws/envelope}: only dispatches to {@link EnvelopeConnections}. */
@Dependent
@ServerEndpoint(value = "/ws/envelope", configurator = UpgradeToken.class)
public class EnvelopeEndpoint {

    private static final String CONNECTION = "ordercast.envelope-connection";
    private static final Set<String> TOKEN_PARAMETERS = Set.of("access_token", "token");

    @Inject
    EnvelopeConnections connections;

    @OnOpen
    public void open(Session session) {
        // a token may come with the upgrade (header, or access_token / token in the query) or in authenticate
        Object bearer = session.getUserProperties().get(Sessions.UPGRADE_TOKEN);
        String token = bearer instanceof String header ? header : parameter(session, "access_token");
        if (token == null) {
            token = parameter(session, "token");
        }
        QueryTokens.forget(session, TOKEN_PARAMETERS);
        session.getUserProperties().put(CONNECTION, connections.open(session, token, Sessions.clientAddress(session)));
    }

    @OnMessage
    public void text(Session session, String frame) {
        if (session.getUserProperties().get(CONNECTION) instanceof EnvelopeConnection connection) {
            connection.receive(frame);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer frame) throws IOException {
        session.close(CloseCode.POLICY_VIOLATION.reason("frames are JSON text"));
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        closed(session, reason.getCloseCode().getCode());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        closed(session, CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode());
    }

    private static void closed(Session session, int code) {
        if (session.getUserProperties().get(CONNECTION) instanceof EnvelopeConnection connection) {
            connection.closed(code);
        }
    }

    private static String parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
