package org.ordercast.channels.control;

/** A channel a client may not use, and why: the name is malformed, the namespace unknown, or access not granted. */
public class ChannelRefusedException extends RuntimeException {

    public enum Reason { BAD_NAME, UNKNOWN_NAMESPACE, FORBIDDEN }

    private final Reason reason;

    public ChannelRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
