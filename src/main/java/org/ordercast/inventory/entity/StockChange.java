package org.ordercast.inventory.entity;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Requests of the inventory API: set a level, adjust by a delta, or describe a product. */
public final class StockChange {

    private StockChange() {
    }

    /** {@code PUT /inventory/{productId}}. */
    public record Level(@NotNull @PositiveOrZero Integer quantity, @Size(max = 200) String name, @Size(max = 128) String storeId,
                        @Min(0) Integer threshold) {
    }

    /** {@code POST /inventory/{productId}/adjust}, and one line of {@code POST /inventory/adjustments}. */
    public record Delta(@NotBlank String productId, @NotNull Integer delta) {
    }
}
