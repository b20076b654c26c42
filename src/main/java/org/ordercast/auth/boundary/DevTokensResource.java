package org.ordercast.auth.boundary;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.ordercast.auth.control.DevTokenIssuer;
import org.ordercast.auth.entity.TokenRequest;
import org.ordercast.problem.boundary.Bodies;

/**
 * Development sign-in: {@code POST /api/v1/dev/tokens}, which answers 404 unless the development issuer is on;
 * {@code GET} says whether it is.
 */
@Path("dev/tokens")
public class DevTokensResource {

    @Inject
    Validator validator;

    @Inject
    DevTokenIssuer issuer;

    /** {@code {"enabled": true|false}}, 200 either way, so that a page can ask without an error in its console. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject enabled() {
        return Json.createObjectBuilder().add("enabled", issuer.isEnabled()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject issue(TokenRequest body) {
        if (!issuer.isEnabled()) {
            throw new NotFoundException("development tokens are not enabled on this server");
        }
        TokenRequest request = Bodies.valid(validator, body);
        long seconds = Objects.requireNonNullElse(request.expiresIn(), 3600);
        String token = issuer.issue(request.user(), set(request.groups()), set(request.stores()), Duration.ofSeconds(seconds));
        return Json.createObjectBuilder()
                .add("token", token)
                .add("tokenType", "Bearer")
                .add("expiresIn", seconds)
                .build();
    }

    private static LinkedHashSet<String> set(List<String> values) {
        return values == null ? new LinkedHashSet<>() : new LinkedHashSet<>(values);
    }
}
