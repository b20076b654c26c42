package org.ordercast.processing.entity;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/processing/runs}: how many orders, which share of them VIP, how many to process a second. */
public record RunRequest(@NotNull @Min(1) @Max(1_000_000) Integer orders,
                         @DecimalMin("0") @DecimalMax("1") double vipShare,
                         @NotNull @Min(1) @Max(1_000_000) Integer ratePerSecond) {
}
