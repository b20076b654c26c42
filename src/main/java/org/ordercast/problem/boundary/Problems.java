package org.ordercast.problem.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** Builds problem responses. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Response of(int status, String detail) {
        return of(status, detail, Json.createObjectBuilder());
    }

    public static Response of(int status, String detail, JsonObjectBuilder extra) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        var body = extra
                .add("type", "about:blank")
                .add("title", type == null ? "Error" : type.getReasonPhrase())
                .add("status", status)
                .add("detail", detail == null ? "" : detail)
                .build();
        return Response.status(status).type(MEDIA_TYPE).entity(body.toString()).build();
    }
}
