package org.ordercast.channels.entity;

import java.util.Optional;


/** A parsed channel name: {@code namespace} or {@code namespace:id}, e.g. {@code orders}, {@code store:7}. */
public record ChannelName(String namespace, String id) {

    /** What may follow the colon: also the rule for ids (order, user, store) that become part of a channel name. */
    public static final String ID_PATTERN = "[A-Za-z0-9_.@=+-]{1,128}";
    public static final String ID_MESSAGE = "must be 1-128 letters, digits or _.@=+-";

    private static final int NAMESPACE_MAX = 32;
    private static final int ID_MAX = 128;

    public static ChannelName parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("channel name is empty");
        }
        int colon = name.indexOf(':');
        String namespace = colon < 0 ? name : name.substring(0, colon);
        String id = colon < 0 ? null : name.substring(colon + 1);
        if (!isNamespace(namespace)) {
            throw new IllegalArgumentException("channel namespace '" + abbreviate(namespace)
                    + "' must be lower-case letters, digits, _ or -, starting with a letter");
        }
        if (id != null && !isId(id)) {
            throw new IllegalArgumentException("channel id '" + abbreviate(id) + "' " + ID_MESSAGE);
        }
        return new ChannelName(namespace, id);
    }

    /** {@code [a-z][a-z0-9_-]{0,31}}, checked without a regular expression: every publication's name is parsed. */
    private static boolean isNamespace(String text) {
        if (text.isEmpty() || text.length() > NAMESPACE_MAX || text.charAt(0) < 'a' || text.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The channel of a user, {@code user:<id>}; none for an id that names no channel. A user id comes from a token and
     * need not be one ({@code Jane Doe}, {@code a:b}): such a user has no user channel, and everything else works.
     */
    public static Optional<String> ofUser(String userId) {
        return userId != null && isId(userId) ? Optional.of("user:" + userId) : Optional.empty();
    }

    /** Whether {@code text} may follow the colon ({@link #ID_PATTERN}), checked without a regular expression. */
    public static boolean isId(String text) {
        if (text.isEmpty() || text.length() > ID_MAX) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.@=+-".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    public boolean hasId() {
        return id != null;
    }

    @Override
    public String toString() {
        return id == null ? namespace : namespace + ':' + id;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
