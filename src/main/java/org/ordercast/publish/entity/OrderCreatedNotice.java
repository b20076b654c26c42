package org.ordercast.publish.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import org.ordercast.channels.entity.ChannelName;

/** {@code POST /notifications/order-created}, the OMS gateway's fields; {@code storeId} is an addition. */
public record OrderCreatedNotice(
        @NotBlank @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String orderId,
        String aliasId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String userId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String storeId,
        @PositiveOrZero BigDecimal totalAmount,
        String status) {
}
