package org.ordercast.inventory.entity;

/** A product's stock as the API shows it. */
public record ProductView(String productId, String name, String storeId, int quantity, int threshold, boolean lowStock) {

    public static ProductView of(Product p) {
        return new ProductView(p.id(), p.name(), p.storeId(), p.quantity(), p.threshold(), p.low());
    }
}
