package org.ordercast.broker.control;

import java.util.Map;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.Since;
import org.ordercast.hub.control.Subscriber;

/**
 * Owns channels: numbers each publication, keeps the namespace's bounded history and hands publications to local
 * subscribers. {@link MemoryBroker} serves one node; a scale-out broker shares offsets and history between nodes.
 */
public interface Broker {

    /** Appends to the channel and schedules fan-out; returns at once with the numbered publication. */
    Publication publish(String channel, Message message);

    /**
     * Adds a subscriber atomically with reading history: what {@code since} asks for is either replayed whole in
     * the returned position or reported unrecoverable, and live delivery starts right after the returned offset.
     */
    Position subscribe(String channel, Subscriber subscriber, Since since);

    void unsubscribe(String channel, Subscriber subscriber);

    /**
     * Reads without subscribing, for polling: up to {@code limit} publications after {@code since} (all of them
     * must still be in history, else none and {@code recovered: false}); without {@code since}, the channel's
     * position and, on a keep-last channel, its latest publication.
     */
    Position read(String channel, Since since, int limit);

    /** Local subscriber count of every channel that has one. */
    Map<String, Integer> subscriberCounts();

    /** Hands a presence frame to the channel's local subscribers, if it has any: no offset, no history. */
    void presence(String channel, EncodedMessage frame);

    /** How many channels this node holds in memory. */
    int channelCount();
}
