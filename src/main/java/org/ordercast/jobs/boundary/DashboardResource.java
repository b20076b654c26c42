package org.ordercast.jobs.boundary;

import org.ordercast.auth.boundary.Roles;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.jobs.control.Dashboard;
import org.ordercast.jobs.control.Jobs;

/** {@code /api/v1/dashboard}: the metrics (REST fallback of {@code dashboard.metrics}) and commission status. */
@Path("dashboard")
@Roles({"manager", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DashboardResource {

    @Inject
    Jobs jobs;

    @Inject
    Dashboard dashboard;

    /** {@code {"status": "paid"}}. */
    public record CommissionStatus(String status) {
    }

    @GET
    @Path("metrics")
    public JsonObject metrics() {
        return dashboard.figures();
    }

    @POST
    @Path("commissions/{id}/status")
    public JsonObject commission(@PathParam("id") String id, CommissionStatus body) {
        if (body == null || body.status() == null || body.status().isBlank()) {
            throw new BadRequestException("give the commission's new status: {\"status\": \"paid\"}");
        }
        return jobs.updateCommission(id, body.status())
                .orElseThrow(() -> new NotFoundException("no commission '" + id + "'"));
    }
}
