package org.ordercast.realtime.sendpath;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real Grizzly connections over loopback, to a listening socket whose backlog completes their handshakes. */
class ClosedReadQueueTest {

    private ServerSocket peer;
    private TCPNIOTransport transport;

    @BeforeEach
    void start() throws Exception {
        peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        transport = TCPNIOTransportBuilder.newInstance().build();
        transport.start();
    }

    @AfterEach
    void stop() throws Exception {
        transport.shutdownNow();
        peer.close();
    }

    @Test
    void grizzlyMakesAReadQueueForAConnectionAsItCloses() throws Exception {
        NIOConnection plain = connect();
        assertNull(readQueue(plain), "no read queue while the connection is open");

        plain.close().get(10, TimeUnit.SECONDS);

        assertNotNull(readQueue(plain));
        assertNotSame(ClosedReadQueue.SHARED, readQueue(plain));
    }

    @Test
    void aWatchedConnectionClosesWithTheSharedQueue() throws Exception {
        NIOConnection first = connect();
        NIOConnection second = connect();
        ClosedReadQueue.watch(first);
        ClosedReadQueue.watch(second);

        first.close().get(10, TimeUnit.SECONDS);
        second.closeWithReason(new IOException("gone"));
        second.closeFuture().get(10, TimeUnit.SECONDS);

        assertSame(ClosedReadQueue.SHARED, readQueue(first));
        assertSame(ClosedReadQueue.SHARED, readQueue(second));
        assertTrue(ClosedReadQueue.SHARED.isEmpty());
    }

    @Test
    void aConnectionWatchedOnceClosedKeepsWhatItHas() throws Exception {
        NIOConnection closed = connect();
        closed.close().get(10, TimeUnit.SECONDS);
        Object made = readQueue(closed);

        ClosedReadQueue.watch(closed);   // Grizzly calls a listener added after the close at once

        assertSame(made, readQueue(closed));
    }

    private NIOConnection connect() throws Exception {
        return (NIOConnection) transport.connect(new InetSocketAddress(peer.getInetAddress(), peer.getLocalPort()))
                .get(10, TimeUnit.SECONDS);
    }

    private static Object readQueue(NIOConnection connection) throws ReflectiveOperationException {
        Field field = NIOConnection.class.getDeclaredField("asyncReadQueue");
        field.setAccessible(true);
        return field.get(connection);
    }
}
