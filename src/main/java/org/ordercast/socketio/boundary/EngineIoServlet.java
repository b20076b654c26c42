package org.ordercast.socketio.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.problem.boundary.Bodies;
import org.ordercast.problem.boundary.BodyArrival;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.problem.entity.StrictText;
import org.ordercast.socketio.control.EngineRelay;
import org.ordercast.socketio.control.EngineSession;
import org.ordercast.socketio.control.EngineSessions;
import org.ordercast.socketio.control.WaitingPoll;

/**
 * {@code /socket.io/}: Engine.IO's HTTP long-polling transport. {@code GET} without {@code sid} opens a session
 * (the token may come as {@code Authorization: Bearer} or the {@code token} query parameter; Socket.IO's
 * {@code auth.token} comes later, with the namespace's connect); {@code GET} with it waits for packets; {@code POST}
 * carries the client's packets, separated by the record separator. The WebSocket transport and the upgrade are
 * {@link EngineIoEndpoint}.
 */
@WebServlet(urlPatterns = "/socket.io/*", asyncSupported = true)
public class EngineIoServlet extends HttpServlet {

    @Inject
    EngineSessions sessions;

    @Inject
    EngineRelay relay;

    @Inject
    @ConfigProperty(name = "ordercast.api.body-timeout-seconds", defaultValue = "30")
    int bodyTimeoutSeconds;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (Problems.serves(request, response, "GET, POST, OPTIONS")) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!valid(request, response)) {
            return;
        }
        String sid = request.getParameter("sid");
        if (sid == null) {
            EngineSession session = sessions.open(RequestIdentity.bearerOr(request.getHeader("Authorization"),
                    request.getParameter("token")));
            text(response, session.openPacket(true));
            return;
        }
        EngineSession session = sessions.find(sid);
        if (session == null) {
            relay(request, response, sid, null);
            return;
        }
        AsyncContext context = request.startAsync();
        context.setTimeout(sessions.pollTimeout());
        WaitingPoll poll = body -> answer(context, new EngineRelay.Answer(200, body));
        context.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                session.pollTimedOut(poll);
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        if (!session.poll(poll)) {
            answer(context, new EngineRelay.Answer(400, null));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!valid(request, response)) {
            return;
        }
        String sid = request.getParameter("sid");
        EngineSession session = sessions.find(sid);
        if (session == null && !relay.reaches(sid)) {
            refuse(response, 400, "Session ID unknown");
            return;
        }
        if (!Bodies.uncoded(request, response)) {
            return;
        }
        BodyArrival.read(request, response, sessions.maxPayload(), bodyTimeoutSeconds, new BodyArrival.Then() {
            @Override
            public void body(byte[] body, AsyncContext async) throws IOException {
                boolean answered = true;
                try {
                    answered = received(request, response, sid, session, body, async);
                } finally {
                    if (async != null && answered) {
                        async.complete();
                    }
                }
            }

            @Override
            public void tooLarge(HttpServletResponse response) throws IOException {
                if (session != null) {
                    session.close(CloseCode.TOO_LARGE, "more than maxPayload");
                }
                refuse(response, 413, "the payload is larger than maxPayload (" + sessions.maxPayload() + " bytes)");
            }
        });
    }

    /**
     * A POST's payload, all here (read without a thread when {@code async} is not null): taken by its session, and
     * true; or relayed to the session's node, whose answer ends the request later, and false.
     */
    private boolean received(HttpServletRequest request, HttpServletResponse response, String sid,
                             EngineSession session, byte[] body, AsyncContext async) throws IOException {
        String payload;
        try {
            // Engine.IO's payloads are UTF-8 whatever the Content-Type says, as for Socket.IO's own server
            payload = StrictText.decode(body, StandardCharsets.UTF_8);
        } catch (StrictText.Malformed e) {
            // nothing of it is taken; over WebSocket the container closes such a frame with 1007
            refuse(response, 400, "the payload is " + e.getMessage());
            return true;
        }
        if (session == null) {
            return !relay(request, response, sid, payload, async);
        }
        session.receivePayload(payload);
        text(response, "ok");
        return true;
    }

    /** A session of another node: the request waits for that node's answer ({@link EngineRelay}); else unknown. */
    private void relay(HttpServletRequest request, HttpServletResponse response, String sid, String payload)
            throws IOException {
        relay(request, response, sid, payload, null);
    }

    /**
     * As {@link #relay(HttpServletRequest, HttpServletResponse, String, String)}, in the async context the request
     * is in already when not null (its body was read without a thread, within its time limit); whether it was
     * relayed, the answer to come.
     */
    private boolean relay(HttpServletRequest request, HttpServletResponse response, String sid, String payload,
                          AsyncContext async) throws IOException {
        if (!relay.reaches(sid)) {
            refuse(response, 400, "Session ID unknown");
            return false;
        }
        AsyncContext context = async;
        if (context == null) {
            context = request.startAsync();
            context.setTimeout(0);
        }
        AsyncContext waiting = context;
        relay.relay(sid, payload, answer -> answer(waiting, answer));
        return true;
    }

    /** Writes {@code answer} to the request waiting in {@code context} and ends it; a client gone is no error. */
    private static void answer(AsyncContext context, EngineRelay.Answer answer) {
        var response = (HttpServletResponse) context.getResponse();
        try {
            if (answer.status() == 200) {
                text(response, answer.body());
            } else if (answer.body() == null) {
                response.setStatus(answer.status());
            } else {
                refuse(response, answer.status(), answer.body());
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: its next poll, or the session's ping timeout, settles it
        } finally {
            try {
                context.complete();
            } catch (IllegalStateException e) {
                // already completed by the container
            }
        }
    }

    private static boolean valid(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"4".equals(request.getParameter("EIO"))) {
            refuse(response, 400, "Unsupported protocol version: Engine.IO 4 (Socket.IO v3 and v4 clients) only");
            return false;
        }
        if (!"polling".equals(request.getParameter("transport"))) {
            refuse(response, 400, "Transport unknown");
            return false;
        }
        return true;
    }

    private static void text(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain; charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        Problems.write(response, status, message);
    }
}
