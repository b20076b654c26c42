package org.ordercast.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** One line of an order: what, at what unit price, how many; {@code productId} ties it to stock when known. */
@Embeddable
public class OrderLine {

    @NotBlank
    @Size(max = 200)
    @Column(nullable = false, length = 200)
    public String name;

    /**
     * Cents at most, and at most 9,999,999.99: 100 lines of 1,000 at that price still fit the order's total (14
     * digits, 2 of them after the point). Beyond the columns, the database refused the order with a server error.
     */
    @NotNull
    @DecimalMin("0")
    @Digits(integer = 7, fraction = 2)
    @Column(nullable = false, precision = 12, scale = 2)
    public BigDecimal price;

    @NotNull
    @Min(1)
    @Max(1000)
    @Column(nullable = false)
    public Integer quantity = 1;

    @Size(max = 128)
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
