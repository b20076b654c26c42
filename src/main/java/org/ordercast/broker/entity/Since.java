package org.ordercast.broker.entity;

/** A client's cursor on a channel: the last offset it saw, in the epoch it saw it. */
public record Since(long offset, String epoch) {
}
