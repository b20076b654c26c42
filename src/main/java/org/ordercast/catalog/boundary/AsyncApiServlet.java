package org.ordercast.catalog.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import org.ordercast.catalog.control.Catalog;
import org.ordercast.catalog.entity.EventType;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.realtime.entity.FrameType;

/**
 * {@code /asyncapi.json}: the WebSocket protocol and every event as an AsyncAPI 3 document, built from the catalog
 * so that it cannot drift from what the server sends.
 */
@WebServlet("/asyncapi.json")
public class AsyncApiServlet extends HttpServlet {

    private static final String[] CLIENT_FRAMES = Arrays.stream(FrameType.values()).map(FrameType::wireName)
            .toArray(String[]::new);
    private static final String[] SERVER_FRAMES = {"connected", "reply", "error", "ping", "unsubscribed", "presence"};

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (Problems.serves(request, response, "GET, HEAD, OPTIONS")) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(document(request.getServerName() + ":" + request.getServerPort(),
                request.getContextPath()).toString());
    }

    static JsonObject document(String host, String contextPath) {
        var messages = Json.createObjectBuilder();
        var channels = Json.createObjectBuilder();
        var namespaces = new LinkedHashSet<String>();
        Catalog.EVENTS.forEach(type -> namespaces.addAll(type.namespaces()));
        for (EventType type : Catalog.EVENTS) {
            messages.add(type.name(), message(type));
        }
        for (String frame : CLIENT_FRAMES) {
            messages.add("client." + frame, Json.createObjectBuilder().add("name", frame)
                    .add("payload", Json.createObjectBuilder().add("type", "object")
                            .add("properties", Json.createObjectBuilder().add("type", constant(frame))
                                    .add("id", Json.createObjectBuilder().add("type", "integer")))));
        }
        for (String frame : SERVER_FRAMES) {
            var properties = Json.createObjectBuilder().add("type", constant(frame));
            var message = Json.createObjectBuilder().add("name", frame);
            if (frame.equals("presence")) {
                var users = Json.createObjectBuilder().add("type", "array")
                        .add("items", Json.createObjectBuilder().add("type", "string"));
                properties.add("channel", Json.createObjectBuilder().add("type", "string"))
                        .add("joined", users).add("left", users);
                message.add("summary", "users that came into or left a channel with presence on, coalesced every "
                        + "ordercast.presence.flush-ms; not a publication: no offset, no history, never replayed "
                        + "(over SSE, an event named presence without an id)");
            }
            messages.add("server." + frame, message.add("payload", Json.createObjectBuilder().add("type", "object")
                    .add("properties", properties)));
        }
        var wsMessages = Json.createObjectBuilder();
        for (String frame : CLIENT_FRAMES) {
            wsMessages.add("client." + frame, ref("client." + frame));
        }
        for (String frame : SERVER_FRAMES) {
            wsMessages.add("server." + frame, ref("server." + frame));
        }
        channels.add("ws", Json.createObjectBuilder().add("address", "/ws").add("messages", wsMessages));
        var operations = Json.createObjectBuilder()
                .add("sendFrames", operation("send", "ws", CLIENT_FRAMES, "client."))
                .add("receiveFrames", operation("receive", "ws", SERVER_FRAMES, "server."));
        for (String namespace : namespaces) {
            var inNamespace = Json.createObjectBuilder();
            var refs = Json.createArrayBuilder();
            for (EventType type : Catalog.EVENTS) {
                if (type.namespaces().contains(namespace)) {
                    inNamespace.add(type.name(), ref(type.name()));
                    refs.add(Json.createObjectBuilder().add("$ref", "#/channels/" + namespace + "/messages/" + type.name()));
                }
            }
            channels.add(namespace, Json.createObjectBuilder()
                    .add("address", namespace + (namespace.equals("orders") || namespace.equals("inventory")
                            || namespace.equals("dashboard") || namespace.equals("queue") || namespace.equals("processing")
                            || namespace.equals("logs") || namespace.equals("broadcast") ? "" : ":{id}"))
                    .add("description", "events of namespace " + namespace + ", each inside an `event` frame")
                    .add("messages", inNamespace));
            operations.add("receive-" + namespace, Json.createObjectBuilder().add("action", "receive")
                    .add("channel", Json.createObjectBuilder().add("$ref", "#/channels/" + namespace))
                    .add("messages", refs));
        }
        return Json.createObjectBuilder()
                .add("asyncapi", "3.0.0")
                .add("info", Json.createObjectBuilder().add("title", "ordercast").add("version", "1")
                        .add("description", "WebSocket protocol v1 and the events of every channel namespace"))
                .add("servers", Json.createObjectBuilder().add("ordercast", Json.createObjectBuilder()
                        .add("host", host).add("pathname", contextPath + "/ws").add("protocol", "ws")))
                .add("channels", channels)
                .add("operations", operations)
                .add("components", Json.createObjectBuilder().add("messages", messages))
                .build();
    }

    private static JsonObjectBuilder message(EventType type) {
        var properties = Json.createObjectBuilder();
        Catalog.fields(type).forEach((name, jsonType) -> properties.add(name, "any".equals(jsonType)
                ? Json.createObjectBuilder() : Json.createObjectBuilder().add("type", jsonType)));
        return Json.createObjectBuilder().add("name", type.name()).add("summary", type.description())
                .add("payload", Json.createObjectBuilder().add("type", "object").add("properties", properties));
    }

    private static JsonObjectBuilder operation(String action, String channel, String[] frames, String prefix) {
        var refs = Json.createArrayBuilder();
        for (String frame : frames) {
            refs.add(Json.createObjectBuilder().add("$ref", "#/channels/" + channel + "/messages/" + prefix + frame));
        }
        return Json.createObjectBuilder().add("action", action)
                .add("channel", Json.createObjectBuilder().add("$ref", "#/channels/" + channel)).add("messages", refs);
    }

    private static JsonObjectBuilder ref(String message) {
        return Json.createObjectBuilder().add("$ref", "#/components/messages/" + message);
    }

    private static JsonObjectBuilder constant(String value) {
        return Json.createObjectBuilder().add("const", value);
    }
}
