package org.ordercast.realtime.control;

import org.ordercast.realtime.entity.ErrorCode;

/** A client frame the server answers with an {@code error} frame; the connection stays open. */
public class ProtocolException extends Exception {

    private final ErrorCode code;
    private final Long id;

    public ProtocolException(ErrorCode code, String message, Long id) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
    }

    public ErrorCode code() {
        return code;
    }

    public Long id() {
        return id;
    }
}
