package org.ordercast.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.EnumMap;
import org.ordercast.orders.entity.OrderStatus;

/** {@code GET /orders/stats/overview}: counts per status, average preparation time, revenue of completed orders. */
@ApplicationScoped
public class OrderStatistics {

    @PersistenceContext(unitName = "ordercast")
    EntityManager em;

    @Transactional
    public JsonObject overview() {
        var counts = new EnumMap<OrderStatus, Long>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        for (Object[] row : em.createQuery("select o.status, count(o) from CustomerOrder o group by o.status",
                Object[].class).getResultList()) {
            counts.put((OrderStatus) row[0], ((Number) row[1]).longValue());
        }
        Object[] done = em.createQuery("select sum(o.total), avg(o.completedAt - o.createdAt) from CustomerOrder o"
                + " where o.status = :completed", Object[].class)
                .setParameter("completed", OrderStatus.COMPLETED).getSingleResult();
        BigDecimal revenue = done[0] == null ? BigDecimal.ZERO : new BigDecimal(done[0].toString());
        double minutes = done[1] == null ? 0 : ((Number) done[1]).doubleValue() / 60_000.0;
        var byStatus = Json.createObjectBuilder();
        counts.forEach((status, n) -> byStatus.add(status.name(), n));
        return Json.createObjectBuilder()
                .add("totalOrders", counts.values().stream().mapToLong(Long::longValue).sum())
                .add("byStatus", byStatus)
                .add("averagePreparationMinutes", Math.round(minutes * 10) / 10.0)
                .add("revenue", revenue)
                .build();
    }
}
