package org.ordercast.broker.boundary;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.problem.boundary.Problems;

/** The broker's store is unreachable: 503 with {@code Retry-After}; nothing was published, retrying is safe. */
@Provider
public class BrokerUnavailableMapper implements ExceptionMapper<BrokerUnavailableException> {

    static final int RETRY_AFTER_SECONDS = 2;

    @Override
    public Response toResponse(BrokerUnavailableException exception) {
        return Response.fromResponse(Problems.of(503, "the broker is unavailable, nothing was published: "
                        + exception.getMessage() + "; retry shortly (with the same idempotency key)"))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}
