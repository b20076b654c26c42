package org.ordercast.problem.boundary;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;

/**
 * Validates request bodies in the resource method rather than with {@code @Valid} on the parameter: Payara's
 * OpenAPI generator fails on Bean Validation annotations on body parameters (payara/Payara#7649), and
 * {@code /openapi} must keep working. The outcome for a caller is the same 400 problem document.
 */
public final class Bodies {

    private Bodies() {
    }

    public static <T> T valid(Validator validator, T body) {
        if (body == null) {
            throw new BadRequestException("a JSON body is required");
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }
}
