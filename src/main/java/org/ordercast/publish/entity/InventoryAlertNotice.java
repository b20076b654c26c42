package org.ordercast.publish.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.ordercast.channels.entity.ChannelName;

/**
 * {@code POST /notifications/inventory-alert}: either the gateway's quantity change (current, previous, threshold),
 * from which the alert is derived, or an explicit {@code status}. {@code quantity} is accepted for
 * {@code currentQuantity}, as the gateway's alert payloads name it.
 */
public record InventoryAlertNotice(
        @NotBlank String productId,
        String productName,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String storeId,
        @PositiveOrZero Integer currentQuantity,
        @PositiveOrZero Integer quantity,
        @PositiveOrZero Integer previousQuantity,
        @PositiveOrZero Integer threshold,
        @Pattern(regexp = "low_stock|out_of_stock|restocked", message = "must be low_stock, out_of_stock or restocked")
        String status) {

    public Integer current() {
        return currentQuantity != null ? currentQuantity : quantity;
    }
}
