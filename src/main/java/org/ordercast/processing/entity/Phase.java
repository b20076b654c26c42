package org.ordercast.processing.entity;

/** The phases of a processing run, in the order a run goes through them (PAUSED and FAILED aside). */
public enum Phase {
    GENERATING, ENQUEUE_VIP, ENQUEUE_NORMAL, PROCESSING, COMPLETED, PAUSED, FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
