package org.ordercast.inventory.entity;

/** A product's stock crossed a line; {@code status} says which. Carries the seed's alert fields. */
public record InventoryAlerted(String productId, String productName, String storeId, int quantity,
                               Integer previousQuantity, Integer threshold, String status) {
}
