package org.ordercast.realtime.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import org.ordercast.realtime.control.Connection;
import org.ordercast.realtime.control.Protocol;
import org.ordercast.realtime.control.Sessions;

/**
 * {@code /ws}: protocol v1. Only dispatches; {@link Sessions} and {@link Protocol} hold the state and the rules.
 * {@code @Dependent} makes it a CDI bean; {@link UpgradeToken} takes one instance from CDI and gives it every
 * connection, so it keeps no state of its own.
 */
@Dependent
@ServerEndpoint(value = "/ws", configurator = UpgradeToken.class)
public class ChannelsEndpoint {

    private static final System.Logger LOG = System.getLogger(ChannelsEndpoint.class.getName());

    @Inject
    Sessions sessions;

    @Inject
    Protocol protocol;

    @OnOpen
    public void open(Session session) {
        try {
            sessions.open(session);
        } catch (RuntimeException e) {
            // never a half-open connection that got no connected frame: the client reconnects
            LOG.log(System.Logger.Level.ERROR, "session " + session.getId() + " could not open", e);
            sessions.abort(session);
        }
    }

    @OnMessage
    public void text(Session session, String frame) {
        Connection connection = sessions.connection(session);
        if (connection != null) {
            protocol.handle(connection, frame);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer frame) {
        Connection connection = sessions.connection(session);
        if (connection != null) {
            protocol.binary(connection);
        }
    }

    /** An unsolicited RFC 6455 pong (a client's heartbeat) counts as liveness, as any frame does. */
    @OnMessage
    public void pong(Session session, PongMessage pong) {
        Connection connection = sessions.connection(session);
        if (connection != null) {
            connection.heard();
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        sessions.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(System.Logger.Level.DEBUG, "session " + session.getId() + ": " + failure);
    }
}
