package org.ordercast.publish.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventNameTest {

    private static final Pattern PATTERN = Pattern.compile(EventName.PATTERN);

    @Test
    void theHandWrittenCheckAgreesWithThePatternOnEveryShortName() {
        char[] alphabet = {'a', 'z', 'A', '0', '9', '_', '.', '-', ' ', 'é'};
        int checked = 0;
        for (int length = 0; length <= 4; length++) {
            int[] digits = new int[length];
            do {
                var name = new StringBuilder();
                for (int digit : digits) {
                    name.append(alphabet[digit]);
                }
                String text = name.toString();
                assertEquals(PATTERN.matcher(text).matches(), EventName.isValid(text), text);
                checked++;
            } while (next(digits, alphabet.length));
        }
        assertEquals(1 + 10 + 100 + 1_000 + 10_000, checked);
    }

    @Test
    void dottedLowerCaseNamesPassAndOthersDoNot() {
        assertTrue(EventName.isValid("order.status_changed"));
        assertTrue(EventName.isValid("inventory.low_stock.2"));
        assertFalse(EventName.isValid("Order.created"));
        assertFalse(EventName.isValid("order..created"));
        assertFalse(EventName.isValid("order.created."));
        assertFalse(EventName.isValid("_order"));
        assertTrue(EventName.isValid("order." + "x".repeat(EventName.MAX_LENGTH - 6)));
        assertFalse(EventName.isValid("order." + "x".repeat(EventName.MAX_LENGTH - 5)), "201 characters");
    }

    /** Counts {@code digits} up in base {@code base}; false once it wrapped round to zero. */
    private static boolean next(int[] digits, int base) {
        for (int i = digits.length - 1; i >= 0; i--) {
            if (++digits[i] < base) {
                return true;
            }
            digits[i] = 0;
        }
        return false;
    }
}
