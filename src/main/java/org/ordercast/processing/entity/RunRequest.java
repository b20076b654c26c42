package org.ordercast.processing.entity;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code POST /api/v1/processing/runs}: how many orders, which share of them VIP, how many to process a second. */
public record RunRequest(@Min(1) @Max(1_000_000) int orders,
                         @DecimalMin("0") @DecimalMax("1") double vipShare,
                         @Min(1) @Max(1_000_000) int ratePerSecond) {
}
