package org.ordercast.problem.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/** Anything unforeseen: logged once with an incident id that the 500 response repeats, and nothing else told. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final System.Logger LOG = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException exception) {
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "request failed, incident " + incident, exception);
        return Problems.of(500, "the server failed to handle this request (incident " + incident + ")");
    }
}
