package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradeRequestTest {

    @Test
    void namesAndValuesAreDecodedAsUtf8InOrderWithRepeats() {
        Map<String, String[]> parameters =
                UpgradeRequest.parse("access_token=a.b-c_d&x=%E2%82%AC&x=a+b&flag&&y=&%6E=1");
        assertEquals(List.of("access_token", "x", "flag", "y", "n"), List.copyOf(parameters.keySet()));
        assertArrayEquals(new String[] {"a.b-c_d"}, parameters.get("access_token"));
        assertArrayEquals(new String[] {"€", "a b"}, parameters.get("x"));
        assertArrayEquals(new String[] {""}, parameters.get("flag"));
        assertArrayEquals(new String[] {""}, parameters.get("y"));
        assertArrayEquals(new String[] {"1"}, parameters.get("n"));
    }

    @Test
    void aPairWithABrokenEscapeIsDroppedAndTheOthersKept() {
        Map<String, String[]> parameters = UpgradeRequest.parse("a=1&b=%zz&c=%2&d=4");
        assertEquals(List.of("a", "d"), List.copyOf(parameters.keySet()));
    }

    @Test
    void noQueryHasNoParameters() {
        assertTrue(UpgradeRequest.parse(null).isEmpty());
        assertTrue(UpgradeRequest.parse("").isEmpty());
    }
}
