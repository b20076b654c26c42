package org.ordercast.publish.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.publish.entity.PublishRefusedException;

/** A refused publication as a problem document with its status. */
@Provider
public class PublishRefusedMapper implements ExceptionMapper<PublishRefusedException> {

    @Override
    public Response toResponse(PublishRefusedException exception) {
        return Problems.of(exception.status(), exception.getMessage());
    }
}
