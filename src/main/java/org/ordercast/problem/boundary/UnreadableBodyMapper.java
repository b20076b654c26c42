package org.ordercast.problem.boundary;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body JSON-B cannot read, as Open Liberty reports it: its JSON-B provider throws the {@link JsonbException}
 * itself, where RESTEasy and Jersey wrap it in a {@code ProcessingException} (see {@link ProcessingExceptionMapper}).
 * ordercast's responses are its own records, which JSON-B always writes, so the exception means the request's body.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException exception) {
        return response();
    }

    static Response response() {
        return Problems.of(400, "the request body is not valid JSON of the expected shape");
    }
}
