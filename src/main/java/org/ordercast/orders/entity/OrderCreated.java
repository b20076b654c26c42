package org.ordercast.orders.entity;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order was placed. {@code userId} is the customer; {@code storeId} may be null for a single-store shop;
 * {@code items} and {@code estimatedReadyAt} are known when the order was placed here (not when a service only
 * reports it).
 */
public record OrderCreated(String orderId, String aliasId, String userId, String storeId, BigDecimal totalAmount,
                           String status, String message, List<OrderLine> items, String estimatedReadyAt) {

    public OrderCreated(String orderId, String aliasId, String userId, String storeId, BigDecimal totalAmount,
                        String status, String message) {
        this(orderId, aliasId, userId, storeId, totalAmount, status, message, null, null);
    }
}
