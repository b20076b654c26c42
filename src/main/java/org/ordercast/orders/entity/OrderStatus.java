package org.ordercast.orders.entity;

import java.util.Set;

/** The kitchen's order states: PENDING → IN_PROGRESS → READY → COMPLETED, and CANCELLED from the first two. */
public enum OrderStatus {
    PENDING, IN_PROGRESS, READY, COMPLETED, CANCELLED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case PENDING -> Set.of(IN_PROGRESS, CANCELLED);
            case IN_PROGRESS -> Set.of(READY, CANCELLED);
            case READY -> Set.of(COMPLETED);
            case COMPLETED, CANCELLED -> Set.of();
        };
    }

    public boolean canBecome(OrderStatus next) {
        return next().contains(next);
    }

    /** Still in the kitchen's hands: counts towards its load. */
    public boolean open() {
        return this == PENDING || this == IN_PROGRESS;
    }
}
