package org.ordercast.orders.boundary;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import org.ordercast.auth.boundary.Roles;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.orders.control.Kitchen;
import org.ordercast.orders.control.OrderStatistics;
import org.ordercast.orders.control.Orders;
import org.ordercast.orders.entity.NewOrder;
import org.ordercast.orders.entity.Order;
import org.ordercast.orders.entity.OrderStatus;
import org.ordercast.orders.entity.OrderView;
import org.ordercast.problem.boundary.Bodies;
import org.ordercast.problem.boundary.QueryParameters;

/** {@code /api/v1/orders}: the kitchen proof of concept's order API, behind sign-in. */
@Path("orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @Inject
    Validator validator;

    private static final List<String> SEE_ALL = List.of("staff", "kitchen", "admin", "manager");

    @Inject
    RequestIdentity identities;

    @Inject
    Orders orders;

    @Inject
    Kitchen kitchen;

    @Inject
    OrderStatistics statistics;

    @Context
    UriInfo uri;

    /** {@code {"status": "IN_PROGRESS"}}. */
    public record StatusChange(@NotNull String status) {
    }

    @POST
    public Response place(NewOrder body) {
        NewOrder request = Bodies.valid(validator, body);
        Order order = orders.place(request, identities.user());
        return Response.created(uri.getAbsolutePathBuilder().path(order.id()).build()).entity(OrderView.of(order)).build();
    }

    @GET
    public List<OrderView> list(@QueryParam("status") String status, @QueryParam("store") String store,
                                @QueryParam("page") String pageText, @QueryParam("size") String sizeText) {
        Identity caller = identities.user();
        int page = QueryParameters.integer("page", pageText, 0);
        int size = QueryParameters.integer("size", sizeText, 50);
        String customer = seesAll(caller) ? null : caller.userId();
        if (page < 0 || size < 1 || size > 500 || (long) page * size > Integer.MAX_VALUE) {
            throw new BadRequestException("page must be 0 or more, size 1-500, and page × size below 2^31");
        }
        return orders.list(status == null ? null : status(status), store, customer, page, size).stream()
                .map(OrderView::of).toList();
    }

    @GET
    @Path("{id}")
    public OrderView get(@PathParam("id") String id) {
        Identity caller = identities.user();
        Order order = orders.find(id).orElseThrow(() -> new NotFoundException("no order '" + id + "'"));
        if (!seesAll(caller) && !caller.userId().equals(order.customerId())) {
            throw new ForbiddenException("order '" + id + "' belongs to another customer");
        }
        return OrderView.of(order);
    }

    @POST
    @Path("{id}/status")
    public OrderView move(@PathParam("id") String id, StatusChange body) {
        StatusChange change = Bodies.valid(validator, body);
        return OrderView.of(orders.move(id, status(change.status()), identities.user()));
    }

    /**
     * Counts per status and the average preparation time for the kitchen and staff; the shop-wide revenue only for
     * the roles that see it on {@code /dashboard/metrics} (manager, admin).
     */
    @GET
    @Path("stats/overview")
    @Roles({"staff", "kitchen", "manager", "admin"})
    public JsonObject overview() {
        Identity caller = identities.user();
        JsonObject all = statistics.overview();
        if (caller.hasRole("manager") || caller.hasRole("admin")) {
            return all;
        }
        return Json.createObjectBuilder(all).remove("revenue").build();
    }

    @POST
    @Path("demo/create-sample")
    public List<OrderView> createSamples(@QueryParam("store") String store) {
        Identity caller = kitchenOnly();
        return kitchen.createSamples(caller, store).stream().map(OrderView::of).toList();
    }

    @POST
    @Path("simulate/kitchen-workflow")
    public JsonObject simulate() {
        kitchenOnly();
        boolean started = kitchen.simulate();
        return Json.createObjectBuilder().add("started", started).add("running", true)
                .add("stepMillis", kitchen.stepMillis()).build();
    }

    private Identity kitchenOnly() {
        Identity caller = identities.user();
        if (!Orders.isKitchen(caller)) {
            throw new ForbiddenException("staff, kitchen or admin only");
        }
        return caller;
    }

    private static boolean seesAll(Identity caller) {
        return SEE_ALL.stream().anyMatch(caller::hasRole);
    }

    private static OrderStatus status(String name) {
        try {
            return OrderStatus.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unknown order status '" + name + "'; one of " + List.of(OrderStatus.values()));
        }
    }
}
