package org.ordercast.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** One line of an order: what, at what unit price, how many; {@code productId} ties it to stock when known. */
@Embeddable
public class OrderLine {

    @NotBlank
    @Column(nullable = false, length = 200)
    public String name;

    @NotNull
    @DecimalMin("0")
    @Column(nullable = false, precision = 12, scale = 2)
    public BigDecimal price;

    @Min(1)
    @Max(1000)
    @Column(nullable = false)
    public int quantity = 1;

    @Column(length = 128)
    public String productId;

    public OrderLine() {
    }

    public OrderLine(String name, BigDecimal price, int quantity, String productId) {
        this.name = name;
        this.price = price;
        this.quantity = quantity;
        this.productId = productId;
    }

    BigDecimal total() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
