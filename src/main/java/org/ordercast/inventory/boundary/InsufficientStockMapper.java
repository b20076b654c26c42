package org.ordercast.inventory.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ordercast.inventory.entity.InsufficientStockException;
import org.ordercast.problem.boundary.Problems;

/** Stock never goes below zero: 409, with what is available. */
@Provider
public class InsufficientStockMapper implements ExceptionMapper<InsufficientStockException> {

    @Override
    public Response toResponse(InsufficientStockException exception) {
        return Problems.of(409, exception.getMessage(), Json.createObjectBuilder()
                .add("productId", exception.productId()).add("available", exception.available()));
    }
}
