package org.ordercast.auth.control;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ordercast.auth.entity.Identity;

/**
 * Where identity providers put the user and the roles: the user id from the first of {@code userClaims} present
 * ({@code upn}, {@code preferred_username}, {@code sub} by default), roles merged from every claim path of
 * {@code rolesClaims} ({@code groups} by default; {@code realm_access.roles} for Keycloak, {@code roles} for Entra ID
 * app roles, a namespaced claim such as {@code https://example.com/roles} for Auth0), each value renamed through
 * {@code roleMap} (Entra ID sends group object ids). A claim name is tried whole before it is read as a dotted path.
 * A group overage (Entra ID's {@code _claim_names} instead of {@code groups}) gives no roles from that claim.
 */
public record ClaimMapping(List<String> userClaims, List<String> rolesClaims, Map<String, String> roleMap) {

    public static final ClaimMapping DEFAULT = new ClaimMapping(List.of("upn", "preferred_username", "sub"),
            List.of("groups"), Map.of());

    /** From the configuration's comma-separated lists; {@code roleMap} as {@code id=role,id2=role2}. */
    public static ClaimMapping of(String userClaims, String rolesClaims, String roleMap) {
        var map = new java.util.HashMap<String, String>();
        for (String pair : list(roleMap)) {
            int at = pair.indexOf('=');
            if (at <= 0 || at == pair.length() - 1) {
                throw new IllegalArgumentException("ordercast.auth.role-map: '" + pair + "' is not value=role");
            }
            map.put(pair.substring(0, at).strip(), pair.substring(at + 1).strip());
        }
        List<String> users = list(userClaims);
        List<String> roles = list(rolesClaims);
        return new ClaimMapping(users.isEmpty() ? DEFAULT.userClaims : users, roles, Map.copyOf(map));
    }

    static List<String> list(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public Identity identity(JWTClaimsSet claims) throws ParseException {
        String user = null;
        for (String name : userClaims) {
            Object value = claims.getClaim(name);
            if (value instanceof String text && !text.isBlank()) {
                user = text;
                break;
            }
        }
        if (user == null) {
            throw new ParseException("token names no user (" + String.join(", ", userClaims) + ")", 0);
        }
        var roles = new LinkedHashSet<String>();
        for (String path : rolesClaims) {
            for (String value : strings(at(claims.getClaims(), path))) {
                roles.add(roleMap.getOrDefault(value, value));
            }
        }
        Instant expires = claims.getExpirationTime().toInstant();
        return new Identity(user, roles, strings(claims.getClaim("stores")), expires);
    }

    /** The claim named {@code path}, else the one its dots lead to through nested objects; null where none. */
    private static Object at(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object here = claims;
        for (String step : path.split("\\.")) {
            if (!(here instanceof Map<?, ?> object)) {
                return null;
            }
            here = object.get(step);
        }
        return here;
    }

    /** A claim given as a JSON array of strings or numbers, or as one comma- or space-separated string. */
    static Set<String> strings(Object claim) {
        if (claim == null || claim instanceof Map<?, ?>) {
            return Set.of();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> !(v instanceof Map<?, ?>)).map(String::valueOf).map(String::strip)
                    .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return Arrays.stream(String.valueOf(claim).split("[,\\s]+")).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
