package org.ordercast.auth.entity;

import java.time.Instant;
import java.util.Set;

/**
 * Who is on the other end of a connection or request: the user id from {@code upn}/{@code sub}, roles from
 * {@code groups}, store ids from {@code stores}, and when the token stops being valid.
 */
public record Identity(String userId, Set<String> roles, Set<String> stores, Instant expiresAt) {

    static final Identity ANONYMOUS = new Identity(null, Set.of(), Set.of(), Instant.MAX);

    public Identity {
        roles = Set.copyOf(roles);
        stores = Set.copyOf(stores);
    }

    public static Identity anonymous() {
        return ANONYMOUS;
    }

    public boolean isAnonymous() {
        return userId == null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasStore(String store) {
        return stores.contains(store);
    }

    /** Whole seconds until expiry, never negative; {@code -1} for an anonymous identity, which never expires. */
    public long expiresIn(Instant now) {
        if (isAnonymous()) {
            return -1;
        }
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }
}
