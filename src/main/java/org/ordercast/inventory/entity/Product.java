package org.ordercast.inventory.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Optional;

/** A product's stock and the level at or below which it counts as low. */
@Entity
@Table(name = "OC_PRODUCT")
public class Product {

    @Id
    @Column(length = 128)
    private String id;

    @Column(length = 200)
    private String name;

    @Column(name = "STORE_ID", length = 128)
    private String storeId;

    @Column(nullable = false)
    private int quantity;

    @Column(nullable = false)
    private int threshold = 10;

    @Version
    private long version;

    protected Product() {
    }

    public Product(String id) {
        this.id = id;
    }

    /** Sets the stock; answers the alert the change raises, if it crossed a line. */
    public Optional<StockStatus> stock(Integer previous, int quantity) {
        if (quantity < 0) {
            throw new InsufficientStockException(id, this.quantity, quantity - this.quantity);
        }
        this.quantity = quantity;
        return StockStatus.crossing(previous, quantity, threshold);
    }

    public Optional<StockStatus> adjust(int delta) {
        return stock(quantity, quantity + delta);
    }

    public void describe(String name, String storeId, Integer threshold) {
        if (name != null) {
            this.name = name;
        }
        if (storeId != null) {
            this.storeId = storeId;
        }
        if (threshold != null) {
            this.threshold = threshold;
        }
    }

    public boolean low() {
        return quantity <= threshold;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String storeId() {
        return storeId;
    }

    public int quantity() {
        return quantity;
    }

    public int threshold() {
        return threshold;
    }
}
