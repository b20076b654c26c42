package org.ordercast.auth.control;

/** A token that must not be trusted, or cannot be checked now; the message says why in words fit for the client. */
public class InvalidTokenException extends Exception {

    private final boolean expired;
    private final boolean unverifiable;

    public InvalidTokenException(String message) {
        this(message, false);
    }

    public InvalidTokenException(String message, boolean expired) {
        this(message, expired, false);
    }

    private InvalidTokenException(String message, boolean expired, boolean unverifiable) {
        super(message, null, false, false);
        this.expired = expired;
        this.unverifiable = unverifiable;
    }

    /** The issuer's keys could not be had (identity provider unreachable, nothing cached): try again later. */
    public static InvalidTokenException unverifiable(String message) {
        return new InvalidTokenException(message, false, true);
    }

    /** The token was genuine but is past its {@code exp}: the client should refresh it, not give up. */
    public boolean expired() {
        return expired;
    }

    /** Nothing is known against the token: it could not be checked for want of keys. */
    public boolean unverifiable() {
        return unverifiable;
    }
}
