package org.ordercast.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;

/**
 * The least a fan-out can cost on this machine: a bare writer that sends one frame to each of its connections, one
 * non-blocking write each, as any server that writes once per subscriber must, with nothing else to do (no
 * framing, no bookkeeping, no queue). A round is one publication; its duration is what the last subscriber waits at
 * best, and on loopback it includes the kernel's receiving side, which runs on the writer's core.
 *
 * <pre>
 * java WriteFloor writer &lt;port&gt; &lt;connections&gt; &lt;frame bytes&gt; &lt;rounds&gt; [accepted|shuffled]
 * java WriteFloor reader &lt;port&gt; &lt;connections&gt;
 * </pre>
 *
 * The writer prints ms per round; it writes in the order it accepted the connections, or in a random one. The
 * reader connects and reads until the writer closes. {@code src/bench/write-floor.sh} runs both, pinned as
 * {@code run.sh} pins the server and the generator.
 */
public final class WriteFloor {

    private WriteFloor() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "writer" -> write(port, connections, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    shuffled(args.length > 5 ? args[5] : "accepted"));
            case "reader" -> read(port, connections);
            default -> throw new IllegalArgumentException("writer or reader, not " + args[0]);
        }
    }

    private static boolean shuffled(String order) {
        return switch (order) {
            case "accepted" -> false;
            case "shuffled" -> true;
            default -> throw new IllegalArgumentException("accepted or shuffled, not " + order);
        };
    }

    private static void write(int port, int connections, int frameBytes, int rounds, boolean shuffled)
            throws Exception {
        var channels = new SocketChannel[connections];
        try (var server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            for (int i = 0; i < connections; i++) {
                channels[i] = server.accept();
                channels[i].configureBlocking(false);
                channels[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        }
        if (shuffled) {
            // the order a hash map of subscribers iterates in, rather than the order they connected in
            Collections.shuffle(Arrays.asList(channels));
        }
        var frame = ByteBuffer.allocateDirect(frameBytes);
        long[] nanos = new long[rounds];
        long shortWrites = 0;
        for (int round = 0; round < rounds; round++) {
            // 2 publications a second: 20,000 deliveries/s to 10,000 subscribers; the reader drains in between
            Thread.sleep(500);
            long start = System.nanoTime();
            for (SocketChannel channel : channels) {
                frame.clear();
                if (channel.write(frame) < frameBytes) {
                    shortWrites++;
                }
            }
            nanos[round] = System.nanoTime() - start;
        }
        for (SocketChannel channel : channels) {
            channel.close();
        }
        // the first rounds run before the JIT has compiled the loop: the median of the rest
        long[] settled = Arrays.copyOfRange(nanos, rounds / 4, rounds);
        Arrays.sort(settled);
        long median = settled[settled.length / 2];
        System.out.printf(Locale.ROOT, "%d connections in %s order, %d-byte frame, %d rounds after %d: ms per round "
                        + "median %.1f (%.1f-%.1f), µs per write %.2f, short writes %d%n", connections,
                shuffled ? "shuffled" : "accepted", frameBytes, settled.length, rounds - settled.length,
                median / 1e6, settled[0] / 1e6,
                settled[settled.length - 1] / 1e6, median / 1e3 / connections, shortWrites);
    }

    private static void read(int port, int connections) throws IOException {
        try (var selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                var channel = connect(port);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
            var buffer = ByteBuffer.allocateDirect(64 * 1024);
            int open = connections;
            while (open > 0) {
                selector.select();
                for (var keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    buffer.clear();
                    if (((SocketChannel) key.channel()).read(buffer) < 0) {
                        key.cancel();
                        key.channel().close();
                        open--;
                    }
                }
            }
        }
    }

    /** Connects to the writer, waiting up to a minute for it to listen. */
    private static SocketChannel connect(int port) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
