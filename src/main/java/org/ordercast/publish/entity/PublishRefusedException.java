package org.ordercast.publish.entity;

/** A publish request refused for what it is, not for its shape: too large (413), a reused idempotency key (409). */
public class PublishRefusedException extends RuntimeException {

    private final int status;

    public PublishRefusedException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
