package org.ordercast.presence.control;

import java.util.Map;

/**
 * Who is in each presence-enabled channel, per connection: in this JVM ({@link MemoryPresence}) or shared by every
 * node ({@link RedisPresence}). Join and leave answer whether the user's first connection arrived or its last one
 * went, across every node the store spans, which is what gets announced.
 */
interface PresenceStore {

    /** True if this is the user's first connection in the channel. */
    boolean join(String channel, String connection, String user);

    /** True if this was the user's last connection in the channel. */
    boolean leave(String channel, String connection, String user);

    /** The users in a channel and how many connections each holds there. */
    Map<String, Integer> members(String channel);
}
