package org.ordercast.orders.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

    static final Instant PLACED = Instant.parse("2026-01-01T12:00:00Z");

    static Order order(int quantity) {
        return new Order("alice", "Alice", "7", List.of(new OrderLine("Burger", new BigDecimal("8.50"), quantity, null)),
                PLACED);
    }

    @Test
    void theKitchenPathAndCancellationFromTheFirstTwoStates() {
        assertEquals(Set.of(OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED), OrderStatus.PENDING.next());
        assertEquals(Set.of(OrderStatus.READY, OrderStatus.CANCELLED), OrderStatus.IN_PROGRESS.next());
        assertEquals(Set.of(OrderStatus.COMPLETED), OrderStatus.READY.next());
        assertTrue(OrderStatus.COMPLETED.next().isEmpty());
        assertTrue(OrderStatus.CANCELLED.next().isEmpty());
    }

    @Test
    void anOrderRefusesEveryOtherMoveAndNamesTheAllowedOnes() {
        Order order = order(1);
        Instant now = PLACED.plusSeconds(60);
        var refused = assertThrows(IllegalTransitionException.class, () -> order.moveTo(OrderStatus.READY, now));
        assertEquals(Set.of(OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED), refused.allowed());
        assertEquals(OrderStatus.PENDING, order.moveTo(OrderStatus.IN_PROGRESS, now));
        assertEquals(OrderStatus.IN_PROGRESS, order.moveTo(OrderStatus.READY, now));
        assertThrows(IllegalTransitionException.class, () -> order.moveTo(OrderStatus.CANCELLED, now));
        order.moveTo(OrderStatus.COMPLETED, PLACED.plusSeconds(600));
        assertEquals(10.0, order.preparationMinutes(), 0.001);
        assertThrows(IllegalTransitionException.class, () -> order.moveTo(OrderStatus.PENDING, now));
    }

    @Test
    void theTotalIsPriceTimesQuantity() {
        assertEquals(new BigDecimal("25.50"), order(3).total());
    }

    @Test
    void theEstimateGrowsWithSizeAndLoadAndEndsWhenReady() {
        Duration small = KitchenEta.remaining(OrderStatus.PENDING, 1, 0);
        assertTrue(KitchenEta.remaining(OrderStatus.PENDING, 6, 0).compareTo(small) > 0, "bigger order, longer");
        assertTrue(KitchenEta.remaining(OrderStatus.PENDING, 1, 8).compareTo(small) > 0, "busier kitchen, longer");
        assertTrue(KitchenEta.remaining(OrderStatus.IN_PROGRESS, 1, 8).compareTo(
                KitchenEta.remaining(OrderStatus.PENDING, 1, 8)) < 0, "no more waiting once in progress");
        assertEquals(Duration.ZERO, KitchenEta.remaining(OrderStatus.READY, 3, 5));
        Order order = order(2);
        Instant now = Instant.now();
        order.estimate(4, now);
        assertTrue(order.estimatedReadyAt().isAfter(now));
        order.moveTo(OrderStatus.CANCELLED, now);
        order.estimate(0, now);
        assertNull(order.estimatedReadyAt());
        assertFalse(OrderStatus.READY.open());
    }
}
