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
import java.util.Optional;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.hub.entity.CloseCode;
import org.ordercast.problem.boundary.Bodies;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.problem.boundary.RefusedBody;
import org.ordercast.problem.entity.StrictText;
import org.ordercast.realtime.control.ClientAddresses;
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

    /** How long a client refused a session, its address holding every seat, is asked to wait. */
    private static final String RETRY_AFTER_SECONDS = "5";

    @Inject
    EngineSessions sessions;

    @Inject
    EngineRelay relay;

    @Inject
    ClientAddresses clients;

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
            String address = clients.of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
            Optional<EngineSession> session = sessions.open(RequestIdentity.bearerOr(
                    request.getHeader("Authorization"), request.getParameter("token")), address);
            if (session.isEmpty()) {
                response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
                Problems.write(response, 429, sessions.refusal(address));
                return;
            }
            text(response, session.get().openPacket(true));
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
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(sessions.maxPayload() + 1);
        } catch (RefusedBody e) {
            Problems.write(response, e.problem());
            return;
        }
        if (body.length > sessions.maxPayload()) {
            if (session != null) {
                session.close(CloseCode.TOO_LARGE, "more than maxPayload");
            }
            refuse(response, 413, "the payload is larger than maxPayload (" + sessions.maxPayload() + " bytes)");
            return;
        }
        String payload;
        try {
            // Engine.IO's payloads are UTF-8 whatever the Content-Type says, as for Socket.IO's own server
            payload = StrictText.decode(body, StandardCharsets.UTF_8);
        } catch (StrictText.Malformed e) {
            // nothing of it is taken; over WebSocket the container closes such a frame with 1007
            refuse(response, 400, "the payload is " + e.getMessage());
            return;
        }
        if (session == null) {
            relay(request, response, sid, payload);
            return;
        }
        session.receivePayload(payload);
        text(response, "ok");
    }

    /** A session of another node: the request waits for that node's answer ({@link EngineRelay}); else unknown. */
    private void relay(HttpServletRequest request, HttpServletResponse response, String sid, String payload)
            throws IOException {
        if (!relay.reaches(sid)) {
            refuse(response, 400, "Session ID unknown");
            return;
        }
        AsyncContext context = request.startAsync();
        context.setTimeout(0);
        relay.relay(sid, payload, answer -> answer(context, answer));
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
