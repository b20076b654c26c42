package org.ordercast.broker.entity;

/** A client's cursor on a channel: the last offset it saw, in the epoch it saw it. */
public record Since(long offset, String epoch) {

    /** The epoch a channel that holds nothing is read with: one never published, or forgotten since. */
    public static final String NO_EPOCH = "0";

    /**
     * The cursor of a client that has seen nothing yet: it needs no epoch, as offset 0 comes before the first
     * publication of every epoch.
     */
    public static Since fromStart() {
        return new Since(0, NO_EPOCH);
    }
}
