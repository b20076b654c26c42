package org.ordercast.publish.entity;

/** Event names are lower case and dotted, {@code <subject>.<what happened>}, e.g. {@code order.status_changed}. */
public final class EventName {

    public static final String PATTERN = "[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*";
    public static final int MAX_LENGTH = 200;
    public static final String MESSAGE = "must be lower case and dotted, like order.status_changed, and at most "
            + MAX_LENGTH + " characters";

    private EventName() {
    }

    /**
     * Whether {@code name} matches {@link #PATTERN} in at most {@link #MAX_LENGTH} characters, checked by hand: a
     * matcher allocates on every publication.
     */
    public static boolean isValid(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_LENGTH || name.charAt(0) < 'a' || name.charAt(0) > 'z'
                || name.charAt(length - 1) == '.') {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = name.charAt(i);
            boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
            if (!word && (c != '.' || name.charAt(i - 1) == '.')) {
                return false;
            }
        }
        return true;
    }
}
