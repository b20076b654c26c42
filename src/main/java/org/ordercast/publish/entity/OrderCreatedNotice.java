package org.ordercast.publish.entity;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import org.ordercast.channels.entity.ChannelName;

/**
 * {@code POST /notifications/order-created}, the OMS gateway's fields; {@code storeId} is an addition. The total is
 * bounded by the largest an order's total column holds: JSON numbers have no bound, and {@code 1e1000000000} was
 * published as such, which a JavaScript client reads as {@code Infinity}. Its scale is not: a total computed in
 * floating point ({@code 29.969999999999995}) is what a gateway may send.
 */
public record OrderCreatedNotice(
        @NotBlank @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String orderId,
        String aliasId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String userId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String storeId,
        @PositiveOrZero @DecimalMax("999999999999.99") BigDecimal totalAmount,
        String status) {
}
