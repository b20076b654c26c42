package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    @Test
    void withNoTrustedProxyThePeerIsTheClientWhateverItForwards() {
        ClientAddresses clients = trusting(null);
        assertEquals("10.0.0.5", clients.of("10.0.0.5", headers("198.51.100.7")));
        assertEquals("10.0.0.5", clients.of("10.0.0.5", null));
    }

    @Test
    void behindATrustedProxyTheClientIsTheLastHopNotTrusted() {
        ClientAddresses clients = trusting("10.0.0.0/8, 192.168.1.1");
        assertEquals("198.51.100.7", clients.of("10.0.0.5", headers("198.51.100.7")));
        // what the client wrote itself, left of what the proxies added, is not believed
        assertEquals("198.51.100.7", clients.of("10.0.0.5", headers("203.0.113.1, 198.51.100.7")));
        // a chain of trusted proxies, in one header or several
        assertEquals("198.51.100.7", clients.of("10.0.0.5", headers("203.0.113.1, 198.51.100.7, 192.168.1.1")));
        assertEquals("198.51.100.7", clients.of("10.0.0.5", headers("203.0.113.1, 198.51.100.7", "10.9.9.9")));
        // hops written with a port
        assertEquals("198.51.100.7", clients.of("10.0.0.5", headers("198.51.100.7:51234")));
        assertEquals("2001:db8:0:0:0:0:0:7", clients.of("10.0.0.5", headers("[2001:db8::7]:51234")));
        // every hop trusted: the first of them
        assertEquals("10.1.1.1", clients.of("10.0.0.5", headers("10.1.1.1, 10.2.2.2")));
        // no header: the proxy itself
        assertEquals("10.0.0.5", clients.of("10.0.0.5", headers()));
    }

    @Test
    void aProxyNotTrustedIsNotBelieved() {
        ClientAddresses clients = trusting("10.0.0.0/8");
        assertEquals("11.0.0.5", clients.of("11.0.0.5", headers("198.51.100.7")));
    }

    @Test
    void aHopThatIsNoAddressEndsWhatIsBelieved() {
        ClientAddresses clients = trusting("10.0.0.0/8");
        assertEquals("10.0.0.5", clients.of("10.0.0.5", headers("unknown")));
        assertEquals("10.2.2.2", clients.of("10.0.0.5", headers("198.51.100.7, example.com, 10.2.2.2")));
        assertEquals("10.0.0.5", clients.of("10.0.0.5", headers("999.1.1.1")));
    }

    @Test
    void rangesOfBothFamilies() {
        var ranges = ClientAddresses.ranges("192.168.0.0/23, 2001:db8::/32, 127.0.0.1, ::1");
        assertEquals(4, ranges.size());
        assertTrue(ranges.get(0).contains(ClientAddresses.literal("192.168.1.255")));
        assertTrue(!ranges.get(0).contains(ClientAddresses.literal("192.168.2.0")));
        assertTrue(ranges.get(1).contains(ClientAddresses.literal("2001:db8:ffff::1")));
        assertTrue(!ranges.get(1).contains(ClientAddresses.literal("2001:db9::1")));
        assertTrue(!ranges.get(1).contains(ClientAddresses.literal("192.168.1.1")), "no IPv4 in an IPv6 range");
        assertTrue(ranges.get(2).contains(ClientAddresses.literal("127.0.0.1")));
        assertTrue(ranges.get(3).contains(ClientAddresses.literal("0:0:0:0:0:0:0:1")));
        assertEquals(List.of(), ClientAddresses.ranges(" , "));
    }

    @Test
    void anEntryThatIsNoAddressOrRangeFailsRatherThanTrustingAnyone() {
        for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "10.0.0", "10.0.0.256")) {
            var refused = assertThrows(IllegalArgumentException.class, () -> ClientAddresses.ranges(bad), bad);
            assertTrue(refused.getMessage().contains("'" + bad + "'"), refused.getMessage());
        }
    }

    @Test
    void onlyLiteralsAreAddresses() {
        assertNull(ClientAddresses.literal("localhost"));
        assertNull(ClientAddresses.literal("256.0.0.1"));
        assertNull(ClientAddresses.literal("1.2.3"));
        assertNull(ClientAddresses.literal("fe80::1%eth0"));
        assertNull(ClientAddresses.literal("2001:db8::zz"));
        assertEquals("203.0.113.9", ClientAddresses.literal("203.0.113.9").getHostAddress());
    }

    private static ClientAddresses trusting(String list) {
        var clients = new ClientAddresses();
        clients.trustedProxies = Optional.ofNullable(list);
        clients.readTrustedProxies();
        return clients;
    }

    private static java.util.Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }
}
