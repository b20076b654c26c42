package org.ordercast.inventory.entity;

import java.util.Locale;
import java.util.Optional;

/** The stock alerts, each raised when a quantity change crosses a line, never while it stays on one side. */
public enum StockStatus {
    LOW_STOCK, OUT_OF_STOCK, RESTOCKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String event() {
        return "inventory." + wireName();
    }

    public static Optional<StockStatus> of(String wireName) {
        for (StockStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * The alert a change from {@code previous} to {@code current} raises against {@code threshold} (low stock means
     * at or below it; coming back from zero to a low level is low stock again). A null {@code previous} is a first
     * reading, which alerts if it is already low or out.
     */
    public static Optional<StockStatus> crossing(Integer previous, int current, int threshold) {
        if (current == 0) {
            return previous != null && previous == 0 ? Optional.empty() : Optional.of(OUT_OF_STOCK);
        }
        if (current <= threshold) {
            boolean crossedDown = previous == null || previous > threshold || previous == 0;
            return crossedDown ? Optional.of(LOW_STOCK) : Optional.empty();
        }
        return previous != null && previous <= threshold ? Optional.of(RESTOCKED) : Optional.empty();
    }
}
