package org.ordercast.inventory.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StockStatusTest {

    static Optional<StockStatus> crossing(Integer previous, int current) {
        return StockStatus.crossing(previous, current, 10);
    }

    @Test
    void alertsOncePerCrossing() {
        assertEquals(Optional.of(StockStatus.LOW_STOCK), crossing(12, 10));
        assertEquals(Optional.empty(), crossing(10, 8), "still low: no second alert");
        assertEquals(Optional.empty(), crossing(8, 3));
        assertEquals(Optional.of(StockStatus.OUT_OF_STOCK), crossing(3, 0));
        assertEquals(Optional.empty(), crossing(0, 0));
        assertEquals(Optional.of(StockStatus.LOW_STOCK), crossing(0, 4), "back from zero, still low");
        assertEquals(Optional.of(StockStatus.RESTOCKED), crossing(4, 11));
        assertEquals(Optional.empty(), crossing(11, 50));
        assertEquals(Optional.of(StockStatus.RESTOCKED), crossing(0, 50));
        assertEquals(Optional.of(StockStatus.OUT_OF_STOCK), crossing(50, 0));
    }

    @Test
    void aFirstReadingAlertsOnlyWhenLowOrOut() {
        assertEquals(Optional.of(StockStatus.LOW_STOCK), crossing(null, 5));
        assertEquals(Optional.of(StockStatus.OUT_OF_STOCK), crossing(null, 0));
        assertEquals(Optional.empty(), crossing(null, 50));
    }

    @Test
    void wireNamesAndEvents() {
        assertEquals("low_stock", StockStatus.LOW_STOCK.wireName());
        assertEquals("inventory.out_of_stock", StockStatus.OUT_OF_STOCK.event());
        assertEquals(Optional.of(StockStatus.RESTOCKED), StockStatus.of("restocked"));
    }
}
