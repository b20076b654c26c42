package org.ordercast.problem.boundary;

import jakarta.json.Json;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that breaks a Bean Validation constraint: 400 naming each field and what is wrong with it. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        var violations = Json.createArrayBuilder();
        var detail = new StringBuilder();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            String field = field(violation.getPropertyPath().toString());
            violations.add(Json.createObjectBuilder().add("field", field).add("message", violation.getMessage()));
            detail.append(detail.isEmpty() ? "" : "; ").append(field).append(' ').append(violation.getMessage());
        }
        return Problems.of(400, detail.toString(), Json.createObjectBuilder().add("violations", violations));
    }

    /** {@code publish.request.channel} becomes {@code channel}: callers know fields, not Java methods. */
    private static String field(String path) {
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
