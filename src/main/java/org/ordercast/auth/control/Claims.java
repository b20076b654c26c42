package org.ordercast.auth.control;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.ordercast.auth.entity.Identity;

/** Maps verified claims to an {@link Identity}: {@code upn}, else {@code preferred_username}, else {@code sub}. */
final class Claims {

    private Claims() {
    }

    static Identity identity(JWTClaimsSet claims) throws ParseException {
        String user = firstNonBlank(claims.getStringClaim("upn"), claims.getStringClaim("preferred_username"),
                claims.getSubject());
        if (user == null) {
            throw new ParseException("token names no user (upn, preferred_username or sub)", 0);
        }
        Instant expires = claims.getExpirationTime().toInstant();
        return new Identity(user, strings(claims.getClaim("groups")), strings(claims.getClaim("stores")), expires);
    }

    /** A claim given as a JSON array of strings or numbers, or as one comma- or space-separated string. */
    static Set<String> strings(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).map(String::strip).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return Arrays.stream(String.valueOf(claim).split("[,\\s]+")).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
