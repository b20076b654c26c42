package org.ordercast.problem.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 4xx and 5xx raised on purpose (not found, method not allowed, unreadable body) as problem documents. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.hasEntity() && Problems.MEDIA_TYPE.equals(String.valueOf(original.getMediaType()))) {
            return original;
        }
        int status = original.getStatus();
        String detail = exception.getMessage();
        if (status == 400 && (detail == null || detail.startsWith("HTTP 400") || exception.getCause() != null)) {
            detail = "the request body is not valid JSON of the expected shape";
        }
        Response problem = Problems.of(status, detail);
        original.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> problem.getHeaders().add(name, value));
            }
        });
        return problem;
    }
}
