package org.ordercast.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * Many WebSocket subscribers on one thread: a non-blocking selector loop with a minimal RFC 6455 client (masked
 * client frames, unmasked server frames, ping answered by pong), so that the generator's own cost per delivery is
 * a read and a scan for two numbers. Each socket is bound to one of several loopback source addresses, which keeps
 * tens of thousands of connections clear of the ephemeral port range of a single address.
 *
 * <p>Every publication carries {@code "bs"} (the step it belongs to), {@code "bi"} (its index in the step) and
 * {@code "bt"} (the generator's {@code System.nanoTime()} at its scheduled send time). Latency is receive time minus
 * {@code bt}, in microseconds, recorded per step. All state belongs to the loop thread; other threads ask through
 * {@link #onLoop}.
 */
final class Subscribers implements AutoCloseable {

    static final int MAX_STEPS = 256;
    private static final byte[] STEP = Dialect.ascii("\"bs\":");
    private static final byte[] INDEX = Dialect.ascii("\"bi\":");
    private static final byte[] TIME = Dialect.ascii("\"bt\":");
    private static final long MAX_LATENCY_MICROS = 120_000_000L;
    private static final int MAX_TRACED = 1_000_000;

    /** What a batch of connection attempts came to. */
    record Opened(int ready, int failed, double seconds) {
        double perSecond() {
            return ready / seconds;
        }
    }

    /** The counts of one step, copied off the loop thread. */
    record Counts(long delivered, long outOfOrder, Histogram latencyMicros) {
    }

    private final Dialect dialect;
    private final List<InetSocketAddress> servers;
    private final List<InetAddress> sources;
    private final String token;
    private final String channel;
    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20);
    private final Set<Connection> connections = new HashSet<>();
    private final long[] delivered = new long[MAX_STEPS];
    private final long[] outOfOrder = new long[MAX_STEPS];
    private final Histogram[] latency = new Histogram[MAX_STEPS];
    /**
     * Per step, when tracing, four longs per publication index: the first and the last receipt's latency in
     * microseconds, the receipts, and the wall-clock time of the first in milliseconds.
     */
    private final long[][] traces = new long[MAX_STEPS][];
    private final boolean tracing;
    private final Map<Integer, Integer> closeCodes = new TreeMap<>();
    private volatile boolean running = true;
    private int opened;

    private Attempts attempts;

    /** Connections go to the {@code servers} in turn: with several nodes, subscribers are split evenly. */
    Subscribers(Dialect dialect, List<InetSocketAddress> servers, List<InetAddress> sources, String token,
                String channel, boolean tracing)
            throws IOException {
        this.tracing = tracing;
        this.dialect = dialect;
        this.servers = List.copyOf(servers);
        this.sources = sources;
        this.token = token;
        this.channel = channel;
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "subscribers");
        loop.start();
    }

    /**
     * Opens {@code count} connections, at most {@code window} handshakes at a time; each subscribes to the channel
     * when {@code subscribe} is set. Completes once every attempt has either become ready or failed.
     */
    CompletableFuture<Opened> open(int count, int window, boolean subscribe) {
        var done = new CompletableFuture<Opened>();
        onLoop(() -> {
            attempts = new Attempts(count, window, subscribe, done);
            openMore();
        });
        return done;
    }

    /** Opens one subscriber with a tiny receive buffer, which the caller then stops reading. */
    CompletableFuture<Connection> openSlow() {
        var done = new CompletableFuture<Connection>();
        onLoop(() -> {
            try {
                Connection c = connect(true);
                c.whenEstablished = done;
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Stops or resumes reading a connection: a subscriber that stops reading is a slow consumer to the server. */
    void reading(Connection connection, boolean reading) {
        onLoop(() -> {
            if (connection.key.isValid()) {
                connection.interest(SelectionKey.OP_READ, reading);
            }
        });
    }

    /** Whether the connection is still open and how many publications it has received. */
    CompletableFuture<long[]> state(Connection connection) {
        var state = new CompletableFuture<long[]>();
        onLoop(() -> state.complete(new long[] {connections.contains(connection) ? 1 : 0, connection.received}));
        return state;
    }

    CompletableFuture<Counts> counts(int step) {
        var counts = new CompletableFuture<Counts>();
        onLoop(() -> counts.complete(new Counts(delivered[step], outOfOrder[step],
                latency[step] == null ? histogram() : latency[step].copy())));
        return counts;
    }

    /** The step's trace (see {@link #traces}), empty unless tracing. */
    CompletableFuture<long[]> trace(int step) {
        var trace = new CompletableFuture<long[]>();
        onLoop(() -> trace.complete(traces[step] == null ? new long[0] : traces[step].clone()));
        return trace;
    }

    CompletableFuture<Integer> open() {
        var count = new CompletableFuture<Integer>();
        onLoop(() -> count.complete(connections.size()));
        return count;
    }

    CompletableFuture<Map<Integer, Integer>> closeCodes() {
        var codes = new CompletableFuture<Map<Integer, Integer>>();
        onLoop(() -> codes.complete(new TreeMap<>(closeCodes)));
        return codes;
    }

    /** Closes every connection with a close frame, and answers when they are gone. */
    CompletableFuture<Void> closeAll() {
        var done = new CompletableFuture<Void>();
        onLoop(() -> {
            for (Connection c : new ArrayList<>(connections)) {
                c.write(frame(0x8, new byte[] {0x03, (byte) 0xE8}));
                c.close();
            }
            connections.clear();
            done.complete(null);
        });
        return done;
    }

    @Override
    public void close() {
        closeAll().join();
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void onLoop(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select(this::ready, 10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                c.interest(SelectionKey.OP_CONNECT, false);
                c.interest(SelectionKey.OP_READ, true);
                c.write(handshake(c.server));
                return;
            }
            if (key.isWritable()) {
                c.flush();
            }
            if (key.isReadable()) {
                read(c);
            }
        } catch (IOException | RuntimeException e) {
            lost(c, -1);
        }
    }

    private void openMore() {
        Attempts a = attempts;
        while (a != null && a.started < a.count && a.started - a.ready - a.failed < a.window) {
            a.started++;
            try {
                connect(false).subscribe = a.subscribe;
            } catch (IOException e) {
                a.failed++;
            }
        }
        if (a != null && a.ready + a.failed == a.count) {
            attempts = null;
            a.done.complete(new Opened(a.ready, a.failed, (System.nanoTime() - a.start) / 1e9));
        }
    }

    private Connection connect(boolean slow) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (slow) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            }
            InetSocketAddress server = servers.get(opened % servers.size());
            channel.bind(new InetSocketAddress(sources.get(opened++ % sources.size()), 0));
            var c = new Connection(channel);
            c.server = server;
            c.subscribe = slow;
            c.key = channel.register(selector, 0, c);
            if (channel.connect(server)) {
                c.interest(SelectionKey.OP_READ, true);
                c.write(handshake(c.server));
            } else {
                c.interest(SelectionKey.OP_CONNECT, true);
            }
            connections.add(c);
            return c;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private byte[] handshake(InetSocketAddress server) {
        String key = java.util.Base64.getEncoder().encodeToString(
                java.nio.ByteBuffer.allocate(16).putLong(ThreadLocalRandom.current().nextLong()).putLong(opened).array());
        return Dialect.ascii("GET " + dialect.path(token) + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                + server.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }

    private void read(Connection c) throws IOException {
        in.clear();
        if (c.carry != null) {
            in.put(c.carry);
            c.carry = null;
        }
        int n = c.channel.read(in);
        if (n < 0) {
            lost(c, -1);
            return;
        }
        byte[] b = in.array();
        int end = in.position();
        int p = 0;
        if (!c.upgraded) {
            p = upgrade(c, b, end);
            if (p < 0) {
                c.carry = java.util.Arrays.copyOf(b, end);
                return;
            }
        }
        p = frames(c, b, p, end);
        if (p < end && connections.contains(c)) {
            c.carry = java.util.Arrays.copyOfRange(b, p, end);
        }
    }

    /** The offset after the 101 response's headers, or -1 while they are incomplete. */
    private int upgrade(Connection c, byte[] b, int end) {
        for (int i = 3; i < end; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                if (!Dialect.startsWith(b, 0, end, "HTTP/1.1 101")) {
                    throw new IllegalStateException("upgrade refused: " + new String(b, 0, Math.min(end, 80)));
                }
                c.upgraded = true;
                String greeting = dialect.greeting(token);
                if (greeting != null) {
                    c.write(frame(0x1, Dialect.ascii(greeting)));
                }
                return i + 1;
            }
        }
        return -1;
    }

    private int frames(Connection c, byte[] b, int p, int end) {
        while (end - p >= 2) {
            int opcode = b[p] & 0x0F;
            int length = b[p + 1] & 0x7F;
            int header = 2;
            if (length == 126) {
                if (end - p < 4) {
                    break;
                }
                length = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                if (end - p < 10) {
                    break;
                }
                length = (int) ByteBuffer.wrap(b, p + 2, 8).getLong();
                header = 10;
            }
            if (end - p < header + length) {
                break;
            }
            int from = p + header;
            int to = from + length;
            switch (opcode) {
                case 0x0, 0x1 -> text(c, b, from, to);
                case 0x8 -> {
                    lost(c, length >= 2 ? ((b[from] & 0xFF) << 8) | (b[from + 1] & 0xFF) : 1005);
                    return end;
                }
                case 0x9 -> c.write(frame(0xA, java.util.Arrays.copyOfRange(b, from, to)));
                default -> {
                }
            }
            p = to;
        }
        return p;
    }

    private void text(Connection c, byte[] b, int from, int to) {
        switch (dialect.react(b, from, to)) {
            case EVENT -> event(c, b, from, to);
            case READY -> {
                if (c.subscribe) {
                    c.write(frame(0x1, Dialect.ascii(dialect.subscribe(channel))));
                } else {
                    established(c);
                }
            }
            case SUBSCRIBED -> established(c);
            case ANSWER -> c.write(frame(0x1, Dialect.ascii(dialect.answer(b, from, to))));
            case FAILED -> lost(c, -2);
            case NONE -> {
            }
        }
    }

    private void event(Connection c, byte[] b, int from, int to) {
        long step = number(b, from, to, STEP);
        long index = number(b, from, to, INDEX);
        long sent = number(b, from, to, TIME);
        if (step < 0 || step >= MAX_STEPS || sent < 0) {
            return;
        }
        int s = (int) step;
        long micros = Math.max(0, (System.nanoTime() - sent) / 1_000);
        Histogram h = latency[s];
        if (h == null) {
            h = histogram();
            latency[s] = h;
        }
        h.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
        if (tracing && index >= 0 && index < MAX_TRACED) {
            trace(s, (int) index, micros);
        }
        delivered[s]++;
        c.received++;
        if (c.lastStep == s && index <= c.lastIndex) {
            outOfOrder[s]++;
        }
        c.lastStep = s;
        c.lastIndex = index;
    }

    private void trace(int step, int index, long micros) {
        int at = index * 4;
        long[] t = traces[step];
        if (t == null) {
            t = traces[step] = new long[4096];
        }
        if (t.length < at + 4) {
            t = traces[step] = Arrays.copyOf(t, Math.max(at + 4, 2 * t.length));
        }
        if (t[at + 2] == 0) {
            t[at] = micros;
            t[at + 3] = System.currentTimeMillis();
        }
        t[at] = Math.min(t[at], micros);
        t[at + 1] = Math.max(t[at + 1], micros);
        t[at + 2]++;
    }

    private void established(Connection c) {
        if (c.established) {
            return;
        }
        c.established = true;
        if (c.whenEstablished != null) {
            c.whenEstablished.complete(c);
            return;
        }
        if (attempts != null) {
            attempts.ready++;
            openMore();
        }
    }

    private void lost(Connection c, int code) {
        if (!connections.remove(c)) {
            return;
        }
        c.close();
        closeCodes.merge(code, 1, Integer::sum);
        if (c.whenEstablished != null && !c.established) {
            c.whenEstablished.completeExceptionally(new IOException("slow subscriber lost before it subscribed"));
        } else if (!c.established && attempts != null) {
            attempts.failed++;
            openMore();
        }
    }

    private static Histogram histogram() {
        return new Histogram(MAX_LATENCY_MICROS, 3);
    }

    /** The non-negative integer after {@code key} in {@code b[from, to)}, or -1. */
    static long number(byte[] b, int from, int to, byte[] key) {
        int last = to - key.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < key.length; k++) {
                if (b[i + k] != key[k]) {
                    continue outer;
                }
            }
            long value = 0;
            int j = i + key.length;
            if (j >= to || b[j] < '0' || b[j] > '9') {
                return -1;
            }
            while (j < to && b[j] >= '0' && b[j] <= '9') {
                value = value * 10 + (b[j++] - '0');
            }
            return value;
        }
        return -1;
    }

    /** A client frame: FIN set, masked as RFC 6455 requires of clients. */
    static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length < 65_536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            ByteBuffer.wrap(frame, 2, 8).putLong(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        ByteBuffer.wrap(frame, header, 4).putInt(mask);
        for (int i = 0; i < length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3))));
        }
        return frame;
    }

    /** A batch of connection attempts in progress. */
    private static final class Attempts {
        final int count;
        final int window;
        final boolean subscribe;
        final CompletableFuture<Opened> done;
        final long start = System.nanoTime();
        int started;
        int ready;
        int failed;

        Attempts(int count, int window, boolean subscribe, CompletableFuture<Opened> done) {
            this.count = count;
            this.window = window;
            this.subscribe = subscribe;
            this.done = done;
        }
    }

    /** One subscriber's socket and protocol state; touched only by the loop thread. */
    static final class Connection {
        final SocketChannel channel;
        InetSocketAddress server;
        SelectionKey key;
        ByteBuffer pending;
        byte[] carry;
        boolean upgraded;
        boolean subscribe;
        boolean established;
        CompletableFuture<Connection> whenEstablished;
        long received;
        int lastStep = -1;
        long lastIndex = -1;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void interest(int op, boolean on) {
            key.interestOps(on ? key.interestOps() | op : key.interestOps() & ~op);
        }

        void write(byte[] bytes) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                if (pending != null) {
                    pending = ByteBuffer.allocate(pending.remaining() + bytes.length).put(pending).put(bytes).flip();
                    return;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                channel.write(buffer);
                if (buffer.hasRemaining()) {
                    pending = buffer;
                    interest(SelectionKey.OP_WRITE, true);
                }
            } catch (IOException e) {
                close();
            }
        }

        void flush() throws IOException {
            if (pending != null) {
                channel.write(pending);
                if (!pending.hasRemaining()) {
                    pending = null;
                    interest(SelectionKey.OP_WRITE, false);
                }
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
