package org.ordercast.orders.entity;

import java.time.Duration;

/**
 * The kitchen's estimate of when an order will be ready: a base time plus a little per item, and, while the order
 * waits, the orders ahead of it, shared among the kitchen's stations.
 */
public final class KitchenEta {

    static final Duration BASE = Duration.ofMinutes(3);
    static final Duration PER_ITEM = Duration.ofSeconds(45);
    static final int STATIONS = 2;

    private KitchenEta() {
    }

    /** Time left for an order of {@code items} items in {@code status}, with {@code ahead} open orders before it. */
    public static Duration remaining(OrderStatus status, int items, int ahead) {
        Duration preparation = BASE.plus(PER_ITEM.multipliedBy(Math.max(1, items)));
        return switch (status) {
            case PENDING -> preparation.plus(preparation.multipliedBy(ahead).dividedBy(STATIONS));
            case IN_PROGRESS -> preparation;
            case READY, COMPLETED, CANCELLED -> Duration.ZERO;
        };
    }
}
