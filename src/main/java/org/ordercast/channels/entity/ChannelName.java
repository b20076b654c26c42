package org.ordercast.channels.entity;

import java.util.regex.Pattern;

/** A parsed channel name: {@code namespace} or {@code namespace:id}, e.g. {@code orders}, {@code store:7}. */
public record ChannelName(String namespace, String id) {

    /** What may follow the colon: also the rule for ids (order, user, store) that become part of a channel name. */
    public static final String ID_PATTERN = "[A-Za-z0-9_.@=-]{1,128}";
    public static final String ID_MESSAGE = "must be 1-128 letters, digits or _.@=-";

    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    public static ChannelName parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("channel name is empty");
        }
        int colon = name.indexOf(':');
        String namespace = colon < 0 ? name : name.substring(0, colon);
        String id = colon < 0 ? null : name.substring(colon + 1);
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("channel namespace '" + abbreviate(namespace)
                    + "' must be lower-case letters, digits, _ or -, starting with a letter");
        }
        if (id != null && !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("channel id '" + abbreviate(id) + "' " + ID_MESSAGE);
        }
        return new ChannelName(namespace, id);
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
