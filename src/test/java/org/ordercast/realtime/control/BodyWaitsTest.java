package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyWaitsTest {

    private final BodyWaits waits = new BodyWaits();

    BodyWaitsTest() {
        waits.limits = new Limits();
        waits.limits.bodyWaits = 16;
        waits.limits.bodyWaitsPerClient = 8;
        waits.clients = new ClientAddresses();
        waits.clients.trustedProxies = Optional.empty();
        waits.clients.readTrustedProxies();
    }

    @Test
    void bytesAlreadyHereAreReadWithoutAPlaceAndTheEndOfAGivenLengthWithoutARead() throws Exception {
        var body = new Body("{\"a\":1}", true);
        byte[] read = waits.watched(request(body, 7, "POST")).getInputStream().readAllBytes();
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.US_ASCII), read);
        assertEquals(List.of(0), body.waitingAtEachRead, "no read waited, nor took a place");
    }

    @Test
    void aReadThatWouldWaitHoldsAPlaceWhileItWaitsAndGivesItBack() throws Exception {
        var body = new Body("{}", false);
        byte[] read = waits.watched(request(body, -1, "POST")).getInputStream().readAllBytes();
        assertEquals("{}", new String(read, StandardCharsets.US_ASCII));
        assertEquals(List.of(1, 1), body.waitingAtEachRead, "the data read and the end, each waited for");
        assertEquals(0, waits.waiting(), "every place given back");
    }

    @Test
    void onlyRequestsThatMayCarryABodyAreWatched() {
        assertFalse(BodyWaits.mayHaveBody(request(null, 0, "POST")));
        assertFalse(BodyWaits.mayHaveBody(request(null, -1, "GET")));
        assertTrue(BodyWaits.mayHaveBody(request(null, 5, "GET")));
        assertTrue(BodyWaits.mayHaveBody(request(null, -1, "POST")), "chunked, or HTTP/2 without content-length");
    }

    /** A body whose bytes are all here, or each still to come; it notes how many reads waited at each of its reads. */
    private final class Body extends ServletInputStream {

        private final byte[] bytes;
        private final boolean here;
        private final List<Integer> waitingAtEachRead = new ArrayList<>();
        private int next;

        Body(String text, boolean here) {
            this.bytes = text.getBytes(StandardCharsets.US_ASCII);
            this.here = here;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            waitingAtEachRead.add(waits.waiting());
            if (next == bytes.length) {
                return -1;
            }
            int n = Math.min(length, bytes.length - next);
            System.arraycopy(bytes, next, into, offset, n);
            next += n;
            return n;
        }

        @Override
        public int available() {
            return here ? bytes.length - next : 0;
        }

        @Override
        public boolean isFinished() {
            return here && next == bytes.length;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static HttpServletRequest request(ServletInputStream body, long length, String method) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (self, call, args) -> switch (call.getName()) {
                    case "getInputStream" -> body;
                    case "getContentLengthLong" -> length;
                    case "getMethod" -> method;
                    case "getRemoteAddr" -> "192.0.2.1";
                    case "getHeaders" -> Collections.emptyEnumeration();
                    case "getRequestURI" -> "/api/v1/publish";
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }
}
