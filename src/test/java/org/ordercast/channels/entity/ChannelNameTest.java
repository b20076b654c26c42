package org.ordercast.channels.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChannelNameTest {

    @Test
    void namespaceAlone() {
        ChannelName orders = ChannelName.parse("orders");
        assertEquals("orders", orders.namespace());
        assertNull(orders.id());
        assertFalse(orders.hasId());
        assertEquals("orders", orders.toString());
    }

    @Test
    void namespaceAndId() {
        ChannelName user = ChannelName.parse("user:alice@example.com");
        assertEquals("user", user.namespace());
        assertEquals("alice@example.com", user.id());
        assertEquals("user:alice@example.com", user.toString());
        // an address with a tag, as identity providers give them for user ids
        assertEquals("alice+orders@example.com", ChannelName.parse("user:alice+orders@example.com").id());
    }

    @Test
    void aUserHasAChannelOnlyIfItsIdNamesOne() {
        assertEquals(Optional.of("user:alice+orders@example.com"), ChannelName.ofUser("alice+orders@example.com"));
        for (String none : new String[] {"Jane Doe", "jo:e", "", "\u00e9", "x".repeat(129), null}) {
            assertTrue(ChannelName.ofUser(none).isEmpty(), String.valueOf(none));
        }
    }

    @Test
    void malformedNamesAreRefusedWithAReason() {
        for (String bad : List.of("", "Orders", "9lives", "store:", "store:a b", "store:7:8", ":7", "a".repeat(40),
                "store:" + "x".repeat(129), "ord ers")) {
            var refusal = assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(bad), bad);
            assertTrue(refusal.getMessage().contains("channel"), refusal.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(null));
    }

    @Test
    void acceptsExactlyWhatTheDocumentedPatternsAccept() {
        Pattern documented = Pattern.compile("[a-z][a-z0-9_-]{0,31}(:" + ChannelName.ID_PATTERN + ")?");
        String alphabet = "az09AZ_-.@=+:/ \u00e9";
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(i % 100 == 0 ? 170 : 12);
            StringBuilder name = new StringBuilder();
            for (int c = 0; c < length; c++) {
                name.append(c == 0 && random.nextBoolean() ? 'o' : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = name.toString();
            boolean accepted;
            try {
                ChannelName.parse(candidate);
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertEquals(documented.matcher(candidate).matches(), accepted, "'" + candidate + "'");
        }
    }
}
