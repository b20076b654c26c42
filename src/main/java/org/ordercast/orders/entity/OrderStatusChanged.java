package org.ordercast.orders.entity;

/** An order moved from {@code previousStatus} to {@code status}; the new ready estimate when one is known. */
public record OrderStatusChanged(String orderId, String aliasId, String userId, String storeId, String previousStatus,
                                 String status, String message, String estimatedReadyAt) {

    public OrderStatusChanged(String orderId, String aliasId, String userId, String storeId, String previousStatus,
                              String status, String message) {
        this(orderId, aliasId, userId, storeId, previousStatus, status, message, null);
    }
}
