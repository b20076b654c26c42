package org.ordercast.orders.entity;

import java.math.BigDecimal;

/** An order was placed. {@code userId} is the customer; {@code storeId} may be null for a single-store shop. */
public record OrderCreated(String orderId, String aliasId, String userId, String storeId, BigDecimal totalAmount,
                           String status, String message) {
}
