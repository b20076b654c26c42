package org.ordercast.publish.entity;

import org.ordercast.broker.entity.Publication;

/** Where a publication landed: the client's cursor for it. */
public record Published(String channel, long offset, String epoch) {

    public static Published of(Publication publication) {
        return new Published(publication.channel(), publication.offset(), publication.epoch());
    }
}
