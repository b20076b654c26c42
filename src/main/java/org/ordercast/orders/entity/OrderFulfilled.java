package org.ordercast.orders.entity;

import java.util.List;

/** An order was completed: its items left the kitchen (inventory takes them out of stock). Not broadcast. */
public record OrderFulfilled(String orderId, String storeId, List<OrderLine> items) {
}
