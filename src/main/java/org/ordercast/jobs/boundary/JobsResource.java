package org.ordercast.jobs.boundary;

import org.ordercast.auth.boundary.Roles;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ordercast.jobs.control.Jobs;
import org.ordercast.jobs.entity.JobRequest;
import org.ordercast.problem.boundary.Bodies;

/** {@code /api/v1/jobs}: background jobs with progress on the {@code queue} channel. */
@Path("jobs")
@Roles({"operator", "manager", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    Validator validator;

    @Inject
    Jobs jobs;

    @POST
    public Response submit(JobRequest body) {
        JobRequest request = Bodies.valid(validator, body);
        if ("commission.calculate".equals(request.type()) && request.contractId() == null) {
            throw new BadRequestException("commission.calculate needs a contractId");
        }
        return Response.accepted(Json.createObjectBuilder().add("jobId", jobs.submit(request)).build()).build();
    }

    @GET
    @Path("stats")
    public JsonObject stats() {
        return jobs.stats();
    }
}
