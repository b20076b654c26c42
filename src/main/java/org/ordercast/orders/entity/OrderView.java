package org.ordercast.orders.entity;

import java.math.BigDecimal;
import java.util.List;

/** An order as the API shows it (never the entity itself), with the moves it may make next. */
public record OrderView(String id, String aliasId, String customerId, String customerName, String storeId,
                        OrderStatus status, List<OrderLine> items, BigDecimal total, String createdAt,
                        String estimatedReadyAt, List<OrderStatus> allowedNext) {

    public static OrderView of(Order order) {
        return new OrderView(order.id(), order.aliasId(), order.customerId(), order.customerName(), order.storeId(),
                order.status(), order.lines(), order.total(), order.createdAt().toString(),
                order.estimatedReadyAt() == null ? null : order.estimatedReadyAt().toString(),
                order.status().next().stream().sorted().toList());
    }
}
