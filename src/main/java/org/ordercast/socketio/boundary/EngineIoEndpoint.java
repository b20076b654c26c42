package org.ordercast.socketio.boundary;

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
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.realtime.boundary.UpgradeToken;
import org.ordercast.realtime.control.Sessions;
import org.ordercast.realtime.sendpath.SendPaths;
import org.ordercast.socketio.control.EngineSession;
import org.ordercast.socketio.control.EngineSessions;

/**
 * {@code /socket.io/} over WebSocket: a session of its own ({@code transport=websocket}, no {@code sid}), or the
 * upgrade of a polling session ({@code sid}: the {@code 2probe} / {@code 3probe} exchange, then {@code 5}). Frames
 * go out through the same send path as {@code /ws}.
 */
@Dependent
@ServerEndpoint(value = "/socket.io/", configurator = UpgradeToken.class)
public class EngineIoEndpoint {

    private static final String SESSION = "ordercast.engine-session";

    @Inject
    EngineSessions sessions;

    @Inject
    @ConfigProperty(name = "ordercast.ws.send-path", defaultValue = "auto")
    String sendPath;

    @OnOpen
    public void open(Session session) throws IOException {
        if (!"4".equals(parameter(session, "EIO")) || !"websocket".equals(parameter(session, "transport"))) {
            session.close(new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, "Engine.IO 4 over websocket only"));
            return;
        }
        session.setMaxTextMessageBufferSize(sessions.maxPayload());
        SendPaths.idleTimeoutOff(session, null);
        var transport = SendPaths.choose(session, sendPath).transport();
        String sid = parameter(session, "sid");
        if (sid != null) {
            EngineSession polling = sessions.find(sid);
            if (polling == null || !polling.useWebSocket(session, transport, true)) {
                session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "Session ID unknown"));
                return;
            }
            session.getUserProperties().put(SESSION, polling);
            return;
        }
        // the upgrade's bearer token (UpgradeToken took it from the header), else the token query parameter
        Object bearer = session.getUserProperties().get(Sessions.UPGRADE_TOKEN);
        Optional<EngineSession> opened = sessions.open(bearer instanceof String token ? token
                : parameter(session, "token"), Sessions.clientAddress(session));
        if (opened.isEmpty()) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
                    "too many sessions from this address"));
            return;
        }
        EngineSession engine = opened.get();
        engine.useWebSocket(session, transport, false);
        session.getUserProperties().put(SESSION, engine);
        engine.send(engine.openPacket(false));
    }

    @OnMessage
    public void message(Session session, String packet) throws IOException {
        if (packet.length() > sessions.maxPayload()) {
            // not every container enforces the session's text buffer size
            session.close(CloseCode.TOO_LARGE.reason("more than maxPayload"));
            return;
        }
        if (session.getUserProperties().get(SESSION) instanceof EngineSession engine) {
            engine.receive(packet);
        }
    }

    @OnMessage
    public void binary(Session session, byte[] data) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary packets are not accepted"));
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        closed(session, reason.getCloseCode().getCode());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        closed(session, CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode());
    }

    private void closed(Session session, int code) {
        if (session.getUserProperties().get(SESSION) instanceof EngineSession engine) {
            engine.webSocketClosed(session, code);
        }
    }


    private static String parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
