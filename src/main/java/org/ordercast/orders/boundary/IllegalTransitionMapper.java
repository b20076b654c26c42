package org.ordercast.orders.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.orders.entity.IllegalTransitionException;
import org.ordercast.problem.boundary.Problems;

/** A refused status change: 409, naming the allowed next states. */
@Provider
public class IllegalTransitionMapper implements ExceptionMapper<IllegalTransitionException> {

    @Override
    public Response toResponse(IllegalTransitionException exception) {
        var allowed = Json.createArrayBuilder();
        exception.allowed().stream().sorted().forEach(status -> allowed.add(status.name()));
        return Problems.of(409, exception.getMessage(), Json.createObjectBuilder().add("allowed", allowed));
    }
}
