package org.ordercast.channels.entity;

import org.ordercast.auth.entity.Identity;

/**
 * One way to be allowed into a channel, as written in {@code ordercast.namespace.<ns>.subscribe}:
 * {@code anonymous}, {@code authenticated}, {@code owner} (the id is the user), {@code store} (the id is in the
 * {@code stores} claim), {@code member} (the id is one of the user's roles), or {@code role:<name>}.
 */
public record Grant(Kind kind, String role) {

    public enum Kind { ANONYMOUS, AUTHENTICATED, OWNER, STORE, MEMBER, ROLE, CUSTOMER }

    public static Grant parse(String text) {
        String value = text.strip();
        if (value.startsWith("role:") && value.length() > 5) {
            return new Grant(Kind.ROLE, value.substring(5));
        }
        try {
            return new Grant(Kind.valueOf(value.toUpperCase(java.util.Locale.ROOT)), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown subscribe grant '" + value
                    + "' (use anonymous, authenticated, owner, store, member, customer or role:<name>)");
        }
    }

    public boolean admits(Identity who, ChannelName channel) {
        return switch (kind) {
            case ANONYMOUS -> true;
            case AUTHENTICATED -> !who.isAnonymous();
            case OWNER -> !who.isAnonymous() && channel.hasId() && channel.id().equals(who.userId());
            case STORE -> channel.hasId() && who.hasStore(channel.id());
            case MEMBER -> channel.hasId() && who.hasRole(channel.id());
            case ROLE -> who.hasRole(role);
            case CUSTOMER -> false; // needs the domain's answer: see ChannelAccess
        };
    }

    @Override
    public String toString() {
        return kind == Kind.ROLE ? "role:" + role : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
