package org.ordercast.broker.entity;

import java.util.List;

/**
 * Where a subscriber joined a channel: the channel's epoch and last offset, whether what it asked to recover was
 * recovered whole, and those publications (never a partial replay). Live delivery starts after {@code offset}.
 */
public record Position(String channel, String epoch, long offset, boolean recovered, List<Publication> publications,
                       Publication latest) {

    public Position {
        publications = List.copyOf(publications);
    }
}
