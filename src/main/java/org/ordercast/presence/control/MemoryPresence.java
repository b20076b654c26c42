package org.ordercast.presence.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of one node: per channel, each user's connection count. */
final class MemoryPresence implements PresenceStore {

    private final Map<String, Map<String, Integer>> members = new ConcurrentHashMap<>();

    @Override
    public boolean join(String channel, String connection, String user) {
        var channelMembers = members.computeIfAbsent(channel, c -> new ConcurrentHashMap<>());
        synchronized (channelMembers) {
            return channelMembers.merge(user, 1, Integer::sum) == 1;
        }
    }

    @Override
    public boolean leave(String channel, String connection, String user) {
        var channelMembers = members.get(channel);
        if (channelMembers == null) {
            return false;
        }
        synchronized (channelMembers) {
            if (!channelMembers.containsKey(user)) {
                return false;
            }
            return channelMembers.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null) == null;
        }
    }

    @Override
    public Map<String, Integer> members(String channel) {
        var channelMembers = members.getOrDefault(channel, Map.of());
        synchronized (channelMembers) {
            return Map.copyOf(channelMembers);
        }
    }
}
