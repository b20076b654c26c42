package org.ordercast.publish.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.ordercast.channels.entity.ChannelName;

/** {@code POST /notifications/order-status-update}, the OMS gateway's fields; {@code storeId} is an addition. */
public record OrderStatusNotice(
        @NotBlank @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String orderId,
        String aliasId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String userId,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String storeId,
        @NotBlank String newStatus,
        String previousStatus,
        String message) {
}
