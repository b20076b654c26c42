package org.ordercast.orders.entity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.ordercast.channels.entity.ChannelName;

/**
 * {@code POST /api/v1/orders}: the kitchen proof of concept's fields ({@code customerName}, {@code items}) plus the
 * store and, for staff placing an order on a customer's behalf, the customer's user id.
 */
public record NewOrder(
        @Size(max = 200) String customerName,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String customerId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String storeId,
        @NotEmpty @Size(max = 100) List<@Valid OrderLine> items) {
}
