package org.ordercast.orders.entity;

import java.util.Set;

/** An order status change the state machine does not allow; names the moves that are allowed. */
public class IllegalTransitionException extends RuntimeException {

    private final OrderStatus from;

    public IllegalTransitionException(OrderStatus from, OrderStatus to) {
        super("an order in " + from + " cannot become " + to + "; allowed: " + from.next(), null, false, false);
        this.from = from;
    }

    public Set<OrderStatus> allowed() {
        return from.next();
    }
}
