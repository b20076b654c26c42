package org.ordercast.problem.boundary;

import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * A request body refused while it was being read: longer than its limit, or still on its way when no worker thread
 * may wait for it. Thrown by the input stream its reader holds, so that whoever reads (a servlet, or
 * {@link StrictJsonBodies} for JAX-RS) answers with {@link #problem()}. The rest of the body stays unread, so the
 * answer closes the connection.
 */
public class RefusedBody extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Response problem;

    private RefusedBody(Response problem, String detail) {
        super(detail);
        this.problem = Response.fromResponse(problem).header("Connection", "close").build();
    }

    /** 413: the body is longer than {@code limit} bytes, which {@code setting} sets. */
    public static RefusedBody overLimit(int limit, String setting) {
        String detail = "the request body is over " + limit + " bytes (" + setting + ")";
        return new RefusedBody(Problems.of(413, detail), detail);
    }

    /** {@code status} (429 or 503) with {@code Retry-After}: the server will not wait for this body now. */
    public static RefusedBody busy(int status, String detail, int retryAfterSeconds) {
        return new RefusedBody(Response.fromResponse(Problems.of(status, detail))
                .header("Retry-After", retryAfterSeconds).build(), detail);
    }

    /** The answer, for JAX-RS to return or a servlet to write ({@link Problems#write}). */
    public Response problem() {
        return problem;
    }
}
