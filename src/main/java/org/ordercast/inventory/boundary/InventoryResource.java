package org.ordercast.inventory.boundary;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.ordercast.auth.boundary.Roles;
import org.ordercast.inventory.control.Inventory;
import org.ordercast.inventory.entity.ProductView;
import org.ordercast.inventory.entity.StockChange;
import org.ordercast.problem.boundary.Bodies;
import org.ordercast.problem.boundary.QueryParameters;

/** {@code /api/v1/inventory}: stock levels with low-stock thresholds, for staff. */
@Path("inventory")
@Roles({"staff", "admin", "manager"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {

    @Inject
    Validator validator;

    @Inject
    Inventory inventory;

    /** {@code {"delta": -3}}. */
    public record Adjustment(@NotNull Integer delta) {
    }

    @GET
    public List<ProductView> list(@QueryParam("lowStock") String lowStock, @QueryParam("store") String store) {
        return inventory.list(QueryParameters.bool("lowStock", lowStock, false), store).stream()
                .map(ProductView::of).toList();
    }

    @GET
    @Path("{productId}")
    public ProductView get(@PathParam("productId") String productId) {
        return inventory.find(productId).map(ProductView::of)
                .orElseThrow(() -> new NotFoundException("no product '" + productId + "'"));
    }

    @PUT
    @Path("{productId}")
    @Roles({"staff", "admin"})
    public ProductView set(@PathParam("productId") String productId, StockChange.Level body) {
        StockChange.Level level = Bodies.valid(validator, body);
        return ProductView.of(inventory.set(productId, level));
    }

    @POST
    @Path("{productId}/adjust")
    @Roles({"staff", "admin"})
    public ProductView adjust(@PathParam("productId") String productId, Adjustment body) {
        Adjustment adjustment = Bodies.valid(validator, body);
        return ProductView.of(inventory.adjust(List.of(new StockChange.Delta(productId, adjustment.delta()))).get(0));
    }

    /** Several products at once, all or nothing (e.g. the items of a delivery or a stock take). */
    @POST
    @Path("adjustments")
    @Roles({"staff", "admin"})
    public List<ProductView> adjustAll(List<StockChange.Delta> deltas) {
        if (deltas == null || deltas.isEmpty()) {
            throw new jakarta.ws.rs.BadRequestException("give at least one {productId, delta}");
        }
        deltas.forEach(delta -> Bodies.valid(validator, delta));
        return inventory.adjust(deltas).stream().map(ProductView::of).toList();
    }
}
