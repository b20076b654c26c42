package org.ordercast.channels.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.channels.control.ChannelRefusedException;
import org.ordercast.problem.boundary.Problems;

/** A channel named in a request that does not parse or exist (400), or that the caller may not use (403). */
@Provider
public class ChannelRefusedMapper implements ExceptionMapper<ChannelRefusedException> {

    @Override
    public Response toResponse(ChannelRefusedException exception) {
        int status = exception.reason() == ChannelRefusedException.Reason.FORBIDDEN ? 403 : 400;
        return Problems.of(status, exception.getMessage());
    }
}
