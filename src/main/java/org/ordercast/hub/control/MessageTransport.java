package org.ordercast.hub.control;

import org.ordercast.broker.entity.EncodedMessage;

/** A transport of shared WebSocket messages: each weighs its UTF-8 size and carries its publication's time. */
public interface MessageTransport extends Transport<EncodedMessage> {

    @Override
    default int weight(EncodedMessage message) {
        return message.size();
    }

    @Override
    default long acceptedAt(EncodedMessage message) {
        return message.acceptedAt();
    }
}
