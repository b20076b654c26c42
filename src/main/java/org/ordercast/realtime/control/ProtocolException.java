package org.ordercast.realtime.control;

import org.ordercast.realtime.entity.ErrorCode;

/** A client frame the server answers with an {@code error} frame; the connection stays open. */
public class ProtocolException extends Exception {

    private final ErrorCode code;
    private final Long id;
    private final boolean refusedContent;

    public ProtocolException(ErrorCode code, String message, Long id) {
        this(code, message, id, false);
    }

    private ProtocolException(ErrorCode code, String message, Long id, boolean refusedContent) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
        this.refusedContent = refusedContent;
    }

    /**
     * A well-formed frame refused for what it asks, such as a publication whose data do not fit its event: never
     * counted as a malformed frame, whatever its code.
     */
    static ProtocolException refusedContent(ErrorCode code, String message, Long id) {
        return new ProtocolException(code, message, id, true);
    }

    /** A frame the protocol cannot read: counted towards {@code ordercast.ws.max-bad-frames}. */
    boolean malformed() {
        return !refusedContent && (code == ErrorCode.BAD_REQUEST || code == ErrorCode.UNKNOWN_TYPE);
    }

    public ErrorCode code() {
        return code;
    }

    public Long id() {
        return id;
    }
}
