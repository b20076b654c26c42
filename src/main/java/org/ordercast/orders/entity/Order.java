package org.ordercast.orders.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** An order and its way through the kitchen. Times are epoch milliseconds (JPA 3.1 has no {@code Instant}). */
@Entity(name = "CustomerOrder")
@Table(name = "OC_ORDER", indexes = {
        @Index(name = "OC_ORDER_STATUS", columnList = "STATUS"),
        @Index(name = "OC_ORDER_STORE", columnList = "STORE_ID")})
public class Order {

    @Id
    @Column(length = 16)
    private String id;

    @Column(name = "ALIAS_ID", nullable = false, length = 32)
    private String aliasId;

    @Column(name = "CUSTOMER_ID", length = 128)
    private String customerId;

    @Column(name = "CUSTOMER_NAME", length = 200)
    private String customerName;

    @Column(name = "STORE_ID", length = 128)
    private String storeId;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 16)
    private OrderStatus status = OrderStatus.PENDING;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "OC_ORDER_LINE", joinColumns = @JoinColumn(name = "ORDER_ID"))
    @OrderColumn(name = "LINE_NO")
    private List<OrderLine> lines = new ArrayList<>();

    @Column(nullable = false, precision = 14, scale = 2)
    private BigDecimal total;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "COMPLETED_AT")
    private Long completedAt;

    @Column(name = "READY_AT_ESTIMATE")
    private Long estimatedReadyAt;

    @Version
    private long version;

    protected Order() {
    }

    public Order(String customerId, String customerName, String storeId, List<OrderLine> lines, Instant now) {
        this.id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.aliasId = "ORDER-" + id.substring(0, 6).toUpperCase(Locale.ROOT);
        this.customerId = customerId;
        this.customerName = customerName;
        this.storeId = storeId;
        this.lines = new ArrayList<>(lines);
        this.total = lines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        this.createdAt = now.toEpochMilli();
        this.updatedAt = createdAt;
    }

    /** Moves to {@code next}; refuses any move the state machine does not allow. */
    public OrderStatus moveTo(OrderStatus next, Instant now) {
        if (!status.canBecome(next)) {
            throw new IllegalTransitionException(status, next);
        }
        OrderStatus previous = status;
        status = next;
        updatedAt = now.toEpochMilli();
        if (next == OrderStatus.COMPLETED) {
            completedAt = updatedAt;
        }
        return previous;
    }

    /** Re-estimates the ready time from the kitchen's current load. */
    public void estimate(int ordersAhead, Instant now) {
        Duration left = KitchenEta.remaining(status, items(), ordersAhead);
        estimatedReadyAt = status.open() ? now.plus(left).toEpochMilli() : null;
    }

    public int items() {
        return lines.stream().mapToInt(line -> line.quantity).sum();
    }

    public String id() {
        return id;
    }

    public String aliasId() {
        return aliasId;
    }

    public String customerId() {
        return customerId;
    }

    public String customerName() {
        return customerName;
    }

    public String storeId() {
        return storeId;
    }

    public OrderStatus status() {
        return status;
    }

    public List<OrderLine> lines() {
        return List.copyOf(lines);
    }

    public BigDecimal total() {
        return total;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }

    public Instant estimatedReadyAt() {
        return estimatedReadyAt == null ? null : Instant.ofEpochMilli(estimatedReadyAt);
    }

    /** Minutes from placing to completion, for completed orders. */
    public Double preparationMinutes() {
        return completedAt == null ? null : (completedAt - createdAt) / 60_000.0;
    }
}
