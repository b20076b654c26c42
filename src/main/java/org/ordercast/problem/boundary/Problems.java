package org.ordercast.problem.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Builds problem responses (RFC 9457), for JAX-RS and for servlets alike. Every 401 and 403 carries a
 * {@code WWW-Authenticate: Bearer} challenge (RFC 6750): {@code invalid_token} when a token was sent and refused,
 * {@code insufficient_scope} when the caller lacks a role or a right.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final int UNVERIFIABLE_RETRY_SECONDS = 5;

    private Problems() {
    }

    public static Response of(int status, String detail) {
        return of(status, detail, Json.createObjectBuilder());
    }

    public static Response of(int status, String detail, JsonObjectBuilder extra) {
        return respond(status, body(status, detail, extra), challenge(status, null, detail));
    }

    /** 401 for a bearer token that was sent and refused. */
    public static Response invalidToken(String detail) {
        return respond(401, body(401, detail, Json.createObjectBuilder()), challenge(401, "invalid_token", detail));
    }

    /** 503 for a token that could not be checked now, the identity provider's keys out of reach: retry shortly. */
    public static Response tokenUnverifiable(String detail) {
        return Response.fromResponse(of(503, detail)).header("Retry-After", UNVERIFIABLE_RETRY_SECONDS).build();
    }

    /** {@link #tokenUnverifiable} written by a servlet. */
    public static void writeTokenUnverifiable(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("Retry-After", String.valueOf(UNVERIFIABLE_RETRY_SECONDS));
        write(response, 503, detail);
    }

    /** The same problem written by a servlet or filter, outside JAX-RS. */
    public static void write(HttpServletResponse response, int status, String detail) throws IOException {
        write(response, status, detail, challenge(status, null, detail));
    }

    /** A problem response built for JAX-RS (by {@link #of} or an exception mapper), written by a servlet. */
    public static void write(HttpServletResponse response, Response problem) throws IOException {
        problem.getStringHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        writeDocument(response, problem.getStatus(), String.valueOf(problem.getEntity()));
    }

    /**
     * Whether a servlet serves the request's method, one of {@code allow} (as in {@code "GET, OPTIONS"}); if not, the
     * answer is written here: OPTIONS gets the {@code Allow} header, any other method 405 with it and a problem
     * document. {@code HttpServlet} would answer with the container's HTML page, and 501 for a method it does not
     * know, PATCH among them.
     */
    public static boolean serves(HttpServletRequest request, HttpServletResponse response, String allow)
            throws IOException {
        String method = request.getMethod();
        if (!"OPTIONS".equals(method) && lists(allow, method)) {
            return true;
        }
        response.setHeader("Allow", allow);
        if (!"OPTIONS".equals(method)) {
            write(response, 405, method + " is not supported here: " + allow);
        }
        return false;
    }

    /** Whether {@code method} is one of the comma-separated {@code allow}; on the publish path, so without a split. */
    static boolean lists(String allow, String method) {
        for (int at = allow.indexOf(method); at >= 0; at = allow.indexOf(method, at + 1)) {
            int end = at + method.length();
            if ((at == 0 || allow.charAt(at - 1) == ' ') && (end == allow.length() || allow.charAt(end) == ',')) {
                return true;
            }
        }
        return false;
    }

    /**
     * 400 for a request that sends its credentials in a way RFC 6750 calls {@code invalid_request}, such as more than
     * one {@code Authorization} header, written by a servlet.
     */
    public static void writeInvalidRequest(HttpServletResponse response, String detail) throws IOException {
        write(response, 400, detail, challenge(400, "invalid_request", detail));
    }

    /** {@link #invalidToken} written by a servlet. */
    public static void writeInvalidToken(HttpServletResponse response, String detail) throws IOException {
        write(response, 401, detail, challenge(401, "invalid_token", detail));
    }

    private static void write(HttpServletResponse response, int status, String detail, String challenge)
            throws IOException {
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        writeDocument(response, status, body(status, detail, Json.createObjectBuilder()).toString());
    }

    private static void writeDocument(HttpServletResponse response, int status, String problem) throws IOException {
        response.setStatus(status);
        // JSON is UTF-8 by definition: written as bytes, without a charset parameter, as JAX-RS answers it
        response.setContentType(MEDIA_TYPE);
        byte[] body = problem.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static JsonObject body(int status, String detail, JsonObjectBuilder extra) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return extra
                .add("type", "about:blank")
                .add("title", type != null ? type.getReasonPhrase() : status == 426 ? "Upgrade Required" : "Error")
                .add("status", status)
                .add("detail", detail == null ? "" : detail)
                .build();
    }

    /** The RFC 6750 challenge of a 401 or 403, or of a 400 for {@code invalid_request}; null for other statuses. */
    static String challenge(int status, String error, String detail) {
        if (status == 403) {
            error = "insufficient_scope";
        } else if (status != 401 && !(status == 400 && "invalid_request".equals(error))) {
            return null;
        }
        if (error == null) {
            return "Bearer realm=\"ordercast\"";
        }
        // a quoted-string: no quotes or backslashes inside, printable ASCII only
        String description = detail == null ? "" : detail.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "'");
        return "Bearer realm=\"ordercast\", error=\"" + error + "\", error_description=\"" + description + "\"";
    }

    private static Response respond(int status, JsonObject body, String challenge) {
        var response = Response.status(status).type(MEDIA_TYPE).entity(body.toString());
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return response.build();
    }
}
