package org.ordercast.realtime.boundary;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ordercast.problem.boundary.Problems;

/**
 * The WebSocket paths as plain HTTP. An upgrade never gets here: the container's WebSocket runtime takes it in its
 * filter. Anything else is told what the path wants (426, {@code Upgrade: websocket}) instead of a 404.
 *
 * <p>Mapping the paths exactly also spares every upgrade the container's look-up for a static file of that name:
 * on Payara, a path no servlet maps costs an exception with its stack trace, a file-system check, on each connect.
 */
@WebServlet({"/ws", "/ws/envelope"})
public class UpgradeRequiredServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Upgrade", "websocket");
        // Payara takes an answer that carries Upgrade for an upgraded one: it sent this one without its length and,
        // with Connection: Upgrade, held the connection open, so that a plain HTTP client waited 30 s (the keep-alive
        // timeout) for the end of a 426. The connection closed after it ends it, on every server.
        response.setHeader("Connection", "close");
        Problems.write(response, 426, request.getServletPath() + " is a WebSocket endpoint: open it with an upgrade "
                + "(Upgrade: websocket), or use /api/v1/stream (SSE) or /api/v1/channels/{channel}/events");
    }
}
