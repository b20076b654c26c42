package org.ordercast.publish.boundary;

import org.ordercast.auth.boundary.Roles;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.inventory.entity.InventoryAlerted;
import org.ordercast.inventory.entity.StockStatus;
import org.ordercast.orders.entity.OrderCreated;
import org.ordercast.orders.entity.OrderStatusChanged;
import org.ordercast.publish.entity.InventoryAlertNotice;
import org.ordercast.publish.entity.OrderCreatedNotice;
import org.ordercast.publish.entity.OrderStatusNotice;
import org.ordercast.publish.entity.UserNotice;
import org.ordercast.publish.entity.UserNotified;
import org.ordercast.problem.boundary.Bodies;

/**
 * The OMS gateway's notification endpoints. Each fires the domain event a local producer would fire; the
 * broadcasters route it. Answers 202 with the event name, or 200 with {@code event: null} when nothing is due.
 */
@Path("notifications")
@Roles({"publisher", "admin"})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {

    @Inject
    Validator validator;

    @Inject
    Event<OrderCreated> orderCreated;

    @Inject
    Event<OrderStatusChanged> orderStatusChanged;

    @Inject
    Event<InventoryAlerted> inventoryAlerted;

    @Inject
    Event<UserNotified> userNotified;

    @POST
    @Path("order-created")
    public Response orderCreated(OrderCreatedNotice body) {
        OrderCreatedNotice n = Bodies.valid(validator, body);
        String status = n.status() == null ? "created" : n.status();
        orderCreated.fire(new OrderCreated(n.orderId(), n.aliasId(), n.userId(), n.storeId(), n.totalAmount(), status,
                "Order " + label(n.aliasId(), n.orderId()) + " created successfully"));
        return accepted("order.created");
    }

    @POST
    @Path("order-status-update")
    public Response orderStatusUpdate(OrderStatusNotice body) {
        OrderStatusNotice n = Bodies.valid(validator, body);
        String message = n.message() != null ? n.message() : n.previousStatus() == null
                ? "Order " + label(n.aliasId(), n.orderId()) + " is now " + n.newStatus()
                : "Order status updated from " + n.previousStatus() + " to " + n.newStatus();
        var change = new OrderStatusChanged(n.orderId(), n.aliasId(), n.userId(), n.storeId(), n.previousStatus(),
                n.newStatus(), message);
        orderStatusChanged.fire(change);
        return accepted("CANCELLED".equalsIgnoreCase(n.newStatus()) ? "order.cancelled" : "order.status_changed");
    }

    @POST
    @Path("inventory-alert")
    public Response inventoryAlert(InventoryAlertNotice body) {
        InventoryAlertNotice n = Bodies.valid(validator, body);
        Optional<StockStatus> status = n.status() != null ? StockStatus.of(n.status()) : derive(n);
        if (status.isEmpty()) {
            return Response.ok(Json.createObjectBuilder().addNull("event")
                    .add("reason", "the quantity did not cross the threshold or zero").build()).build();
        }
        inventoryAlerted.fire(new InventoryAlerted(n.productId(), n.productName(), n.storeId(), n.current(),
                n.previousQuantity(), n.threshold(), status.get().wireName()));
        return accepted(status.get().event());
    }

    @POST
    @Path("users/{userId}")
    public Response user(@PathParam("userId") @Pattern(regexp = ChannelName.ID_PATTERN,
            message = ChannelName.ID_MESSAGE) String userId, UserNotice body) {
        UserNotice n = Bodies.valid(validator, body);
        userNotified.fire(new UserNotified(userId, n.type(), n.title(), n.message(), n.data()));
        return accepted("notification");
    }

    private static Optional<StockStatus> derive(InventoryAlertNotice n) {
        if (n.current() == null) {
            throw new BadRequestException("give currentQuantity (with previousQuantity and threshold) or a status");
        }
        if (n.threshold() == null) {
            return n.current() == 0 ? Optional.of(StockStatus.OUT_OF_STOCK) : Optional.empty();
        }
        return StockStatus.crossing(n.previousQuantity(), n.current(), n.threshold());
    }

    private static Response accepted(String event) {
        JsonObject body = Json.createObjectBuilder().add("event", event).build();
        return Response.accepted(body).build();
    }

    private static String label(String aliasId, String orderId) {
        return aliasId != null ? aliasId : orderId;
    }
}
