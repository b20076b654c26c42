package org.ordercast.publish.boundary;

import org.ordercast.auth.boundary.Roles;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.ordercast.publish.control.Publisher;
import org.ordercast.publish.entity.BroadcastRequest;
import org.ordercast.publish.entity.Published;
import org.ordercast.problem.boundary.Bodies;

/** {@code POST /api/v1/broadcast}: one event onto several channels. {@code POST /api/v1/publish} is {@link PublishServlet}. */
@Path("")
@Roles({"publisher", "admin"})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    @Inject
    Validator validator;

    @Inject
    Publisher publisher;

    @POST
    @Path("broadcast")
    public Map<String, List<Published>> broadcast(BroadcastRequest body) {
        BroadcastRequest request = Bodies.valid(validator, body);
        List<String> channels = request.channels() == null || request.channels().isEmpty()
                ? List.of("broadcast") : request.channels();
        return Map.of("publications", publisher.broadcast(channels, request.event(), request.data()));
    }
}
