package org.ordercast.inventory.entity;

/** A stock change that would take a product below zero. */
public class InsufficientStockException extends RuntimeException {

    private final String productId;
    private final int available;

    public InsufficientStockException(String productId, int available, int delta) {
        super("product '" + productId + "' has " + available + " in stock; a change of " + delta
                + " would take it below zero", null, false, false);
        this.productId = productId;
        this.available = available;
    }

    public String productId() {
        return productId;
    }

    public int available() {
        return available;
    }
}
