package org.ordercast.processing.boundary;

import org.ordercast.auth.boundary.Roles;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.Validator;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ordercast.problem.boundary.Bodies;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.processing.control.Processing;
import org.ordercast.processing.control.ProcessingRun;
import org.ordercast.processing.entity.RunRequest;

/** {@code /api/v1/processing}: start runs, pause and resume them, and the REST fallback for their status. */
@Path("processing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProcessingResource {

    @Inject
    Validator validator;

    @Inject
    Processing processing;

    @POST
    @Path("runs")
    @Roles({"operator", "admin"})
    public Response start(RunRequest body) {
        RunRequest request = Bodies.valid(validator, body);
        ProcessingRun run = processing.start(request).orElseThrow(() -> new ClientErrorException(
                Problems.of(409, "a run is in progress: pause, resume or wait for it to complete")));
        return Response.accepted(Json.createObjectBuilder().add("runId", run.id()).build()).build();
    }

    @POST
    @Path("runs/{id}/pause")
    @Roles({"operator", "admin"})
    public JsonObject pause(@PathParam("id") String id) {
        running(id);
        return Json.createObjectBuilder().add("paused", processing.pause()).build();
    }

    @POST
    @Path("runs/{id}/resume")
    @Roles({"operator", "admin"})
    public JsonObject resume(@PathParam("id") String id) {
        running(id);
        return Json.createObjectBuilder().add("resumed", processing.resume()).build();
    }

    @GET
    @Path("status")
    public JsonObject status() {
        return processing.status();
    }

    private void running(String id) {
        if (processing.current().filter(run -> run.id().equals(id)).isEmpty()) {
            throw new NotFoundException("no run '" + id + "' is current");
        }
    }
}
