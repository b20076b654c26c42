package org.ordercast.publish.entity;

/** Event names are lower case and dotted, {@code <subject>.<what happened>}, e.g. {@code order.status_changed}. */
public final class EventName {

    public static final String PATTERN = "[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*";
    public static final String MESSAGE = "must be lower case and dotted, like order.status_changed";

    private EventName() {
    }
}
