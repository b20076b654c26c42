package org.ordercast.auth.control;

/** A token that must not be trusted; the message says why in words fit for the client. */
public class InvalidTokenException extends Exception {

    private final boolean expired;

    public InvalidTokenException(String message) {
        this(message, false);
    }

    public InvalidTokenException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    /** The token was genuine but is past its {@code exp}: the client should refresh it, not give up. */
    public boolean expired() {
        return expired;
    }
}
