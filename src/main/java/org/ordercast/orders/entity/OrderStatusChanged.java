package org.ordercast.orders.entity;

/** An order moved from {@code previousStatus} to {@code status}. */
public record OrderStatusChanged(String orderId, String aliasId, String userId, String storeId, String previousStatus,
                                 String status, String message) {
}
