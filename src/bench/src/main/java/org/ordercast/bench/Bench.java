package org.ordercast.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The fan-out load generator: one server under test, driven through the scenarios named on the command line, each
 * figure appended as a line to a TSV file in the output folder for {@link Report}. Normally started by
 * {@code src/bench/run.sh}, which pins the server and this generator to different cores.
 *
 * <pre>
 * java -cp ... org.ordercast.bench.Bench --target ordercast --url http://127.0.0.1:8080 --pid 1234 --server-core 0 \
 *     --token SUBSCRIBER_JWT --publisher-token PUBLISHER_JWT --out target/bench \
 *     --scenarios fanout:1000:10000,20000,40000 fanout:10000:20000,60000 slow:1000:20000 connections:19000
 * </pre>
 */
public final class Bench {

    private static final String CHANNEL = "bench:fanout";
    private static final double BUSY = 0.9;
    private static final int WARM_UP_RATE = 20_000;
    /** How many step lengths the slow subscriber stalls: long enough to fill its socket buffers at the usual rates. */
    private static final int STALL_STEPS = 3;

    private final Map<String, String> options;
    private final Dialect dialect;
    private final URI base;
    private final Path out;
    private final int seconds;
    private final Processes processes;
    private final Publisher publisher;
    private final List<InetAddress> sources = new ArrayList<>();
    private final boolean tracing;
    private int nextStep;

    private Bench(Map<String, String> options) throws IOException {
        this.options = options;
        this.dialect = Dialect.of(required("target"));
        this.base = URI.create(required("url"));
        this.out = Path.of(options.getOrDefault("out", "target/bench"));
        this.seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        this.tracing = Boolean.parseBoolean(options.getOrDefault("trace", "false"));
        String memory = options.get("node-memory");
        this.processes = new Processes(java.util.Arrays.stream(required("pid").split(",")).map(Long::parseLong).toList(),
                memory == null ? null : base.resolve(memory), Integer.parseInt(options.getOrDefault("server-core", "-1")));
        this.publisher = new Publisher(base.resolve(options.getOrDefault("publish-path", "/api/v1/publish")),
                required("publisher-token"), CHANNEL, Integer.parseInt(options.getOrDefault("data-bytes", "256")));
        int count = Integer.parseInt(options.getOrDefault("sources", "16"));
        for (int i = 0; i < count; i++) {
            sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (10 + i)}));
        }
        Files.createDirectories(out);
    }

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        var scenarios = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--scenarios")) {
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    scenarios.add(args[++i]);
                }
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        var bench = new Bench(options);
        bench.awaitReady();
        for (String scenario : scenarios) {
            String[] parts = scenario.split(":");
            switch (parts[0]) {
                case "fanout" -> bench.fanOut(Integer.parseInt(parts[1]), rates(parts[2]));
                case "slow" -> bench.slowConsumer(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                case "connections" -> bench.connections(Integer.parseInt(parts[1]));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        System.exit(0);
    }

    private static int[] rates(String list) {
        return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /**
     * Polls the server's readiness path, each probe on a connection of its own: Payara Micro now and then accepts a
     * connection while it starts and never reads from it, which would hold a pooled client's probes for good.
     */
    private void awaitReady() throws InterruptedException {
        URI ready = base.resolve(options.getOrDefault("ready-path", "/health/ready"));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!processes.serverAlive()) {
                throw new IllegalStateException("the server under test exited; see its log in " + out);
            }
            HttpURLConnection probe = null;
            try {
                probe = (HttpURLConnection) ready.toURL().openConnection(Proxy.NO_PROXY);
                probe.setConnectTimeout(2000);
                probe.setReadTimeout(2000);
                probe.setRequestProperty("Connection", "close");
                if (probe.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } finally {
                if (probe != null) {
                    probe.disconnect();
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(ready + " did not answer 200 within 3 minutes");
    }

    private Subscribers subscribers() throws IOException {
        var servers = new ArrayList<InetSocketAddress>();
        for (String url : options.getOrDefault("subscriber-urls", base.toString()).split(",")) {
            URI server = URI.create(url.strip());
            servers.add(new InetSocketAddress(server.getHost(), server.getPort()));
        }
        return new Subscribers(dialect, servers, sources, required("token"), CHANNEL, tracing);
    }

    /** N subscribers, then each rate in turn for {@code seconds}, until the server stops keeping up. */
    private void fanOut(int n, int[] rates) throws Exception {
        try (Subscribers subscribers = subscribers()) {
            var opened = subscribers.open(n, 500, true).join();
            if (opened.failed() > 0) {
                throw new IllegalStateException(opened.failed() + " of " + n + " subscribers failed to subscribe");
            }
            log("%s: %d subscribers on %s in %.1f s", dialect, n, CHANNEL, opened.seconds());
            // warm-up, not recorded: long enough for a JVM server's JIT to compile the delivery path and for its
            // collector to move the new subscribers' state to the old generation (on one core, young collections
            // of 60-150 ms for about 40 s after 1,000 subscribers arrive)
            step(subscribers, n, Math.max(rates[0], WARM_UP_RATE), 4 * seconds);
            for (int rate : rates) {
                Step step = step(subscribers, n, rate, seconds);
                if (tracing) {
                    trace(subscribers, n, rate, step);
                }
                append("fanout.tsv", "target\tsubscribers\trate\tdelivered\texpected\tp50_ms\tp90_ms\tp99_ms\tmax_ms"
                        + "\tachieved\tserver_cpu\tgenerator_cpu\tbound\tout_of_order\tpublish_failures"
                        + "\tgc_collections\tgc_pause_ms\tallocated_mb_s\tcore_others_ms\tcore_steal_ms",
                        String.join("\t", name(), Integer.toString(n), Integer.toString(rate),
                                Long.toString(step.counts.delivered()), Long.toString(step.expected),
                                ms(step.counts.latencyMicros(), 50), ms(step.counts.latencyMicros(), 90),
                                ms(step.counts.latencyMicros(), 99), ms(step.counts.latencyMicros(), 100),
                                String.format(Locale.ROOT, "%.0f", step.achieved),
                                String.format(Locale.ROOT, "%.2f", step.serverCores),
                                String.format(Locale.ROOT, "%.2f", step.generatorCores), step.bound(),
                                Long.toString(step.counts.outOfOrder()), Long.toString(publisher.failures()),
                                step.gc[0], step.gc[1], step.gc[2], step.taken[0], step.taken[1]));
                if (step.counts.delivered() < step.expected * 0.999
                        || step.counts.latencyMicros().getValueAtPercentile(99) > 10_000_000) {
                    log("%s: saturated at %d deliveries/s with %d subscribers", dialect, rate, n);
                    break;
                }
            }
        }
    }

    /** One step: publications at {@code rate / n} per second for {@code duration} seconds, then drained. */
    private Step step(Subscribers subscribers, int n, int rate, int duration) {
        int step = nextStep++;
        double perSecond = (double) rate / n;
        int publications = Math.max(1, (int) Math.round(perSecond * duration));
        long expected = (long) publications * n;
        double serverCpu = processes.serverCpu();
        double[] core = processes.serverCore();
        double ownCpu = Processes.ownCpu();
        Processes.Gc gc = gc();
        long start = System.nanoTime();
        publisher.run(step, publications, perSecond);
        long lastChange = System.nanoTime();
        long seen = -1;
        Subscribers.Counts counts;
        while (true) {
            counts = subscribers.counts(step).join();
            long now = System.nanoTime();
            if (counts.delivered() != seen) {
                seen = counts.delivered();
                lastChange = now;
            }
            if (seen >= expected || now - lastChange > 3_000_000_000L || now - start > (duration + 30) * 1_000_000_000L) {
                break;
            }
            sleep(20);
        }
        double wall = (lastChange - start) / 1e9;
        Processes.Gc gcAfter = gc();
        String[] collected = gc == null || gcAfter == null ? new String[] {"-", "-", "-"}
                : gcAfter.since(gc, (System.nanoTime() - start) / 1e9);
        double serverUsed = processes.serverCpu() - serverCpu;
        double[] coreAfter = processes.serverCore();
        // the server core's time that went to other processes and to the hypervisor, in ms
        String[] taken = core == null || coreAfter == null ? new String[] {"-", "-"} : new String[] {
                String.format(Locale.ROOT, "%.0f", Math.max(0, coreAfter[0] - core[0] - serverUsed) * 1000),
                String.format(Locale.ROOT, "%.0f", (coreAfter[1] - core[1]) * 1000)};
        var result = new Step(step, counts, expected, seen / wall, serverUsed / wall,
                (Processes.ownCpu() - ownCpu) / wall, collected, taken);
        log("%s n=%d rate=%d: delivered %d/%d p50 %s p99 %s max %s ms, %.0f/s, server %.2f cores, generator %.2f, "
                + "GC %s collections %s ms, about %s MB/s allocated, others %s ms and steal %s ms on the server's core",
                dialect, n, rate, counts.delivered(), expected, ms(counts.latencyMicros(), 50),
                ms(counts.latencyMicros(), 99), ms(counts.latencyMicros(), 100), result.achieved, result.serverCores,
                result.generatorCores, collected[0], collected[1], collected[2], taken[0], taken[1]);
        return result;
    }

    /**
     * N subscribers at one rate: a baseline step, then a step during which one more subscriber, with a 4 KiB
     * receive buffer, reads nothing. The others' latency should not move; afterwards the slow one reads again and
     * shows whether the server kept it or let it go.
     */
    private void slowConsumer(int n, int rate) throws Exception {
        try (Subscribers subscribers = subscribers()) {
            subscribers.open(n, 500, true).join();
            step(subscribers, n, rate, 2 * seconds);
            Step baseline = step(subscribers, n, rate, seconds);
            var slow = subscribers.openSlow().join();
            subscribers.reading(slow, false);
            Step stalled = step(subscribers, n, rate, seconds * STALL_STEPS);
            long withheld = Math.round((double) rate / n * seconds * STALL_STEPS);
            subscribers.reading(slow, true);
            sleep(3000);
            long[] state = subscribers.state(slow).join();
            String fate = state[0] == 1
                    ? "kept; read " + state[1] + " of " + withheld + " afterwards"
                    : "disconnected by the server (read " + state[1] + " of " + withheld + ")";
            log("%s slow consumer: others p99 %s ms before, %s ms while one stalls; slow one %s", dialect,
                    ms(baseline.counts.latencyMicros(), 99), ms(stalled.counts.latencyMicros(), 99), fate);
            append("slow.tsv", "target\tsubscribers\trate\tbefore_p50_ms\tbefore_p99_ms\tbefore_max_ms"
                    + "\tstalled_p50_ms\tstalled_p99_ms\tstalled_max_ms\tdelivered\texpected\tslow_consumer",
                    String.join("\t", name(), Integer.toString(n), Integer.toString(rate),
                            ms(baseline.counts.latencyMicros(), 50), ms(baseline.counts.latencyMicros(), 99),
                            ms(baseline.counts.latencyMicros(), 100), ms(stalled.counts.latencyMicros(), 50),
                            ms(stalled.counts.latencyMicros(), 99), ms(stalled.counts.latencyMicros(), 100),
                            Long.toString(stalled.counts.delivered()), Long.toString(stalled.expected), fate));
        }
    }

    /**
     * Opens {@code n} authenticated idle connections and reports how many the server holds and what they cost. The
     * same connects are made and closed once before, for every target alike: a JVM on one core is still compiling
     * its connect path through the first tens of thousands, so a cold figure measured the compiler.
     */
    private void connections(int n) throws Exception {
        long rssBefore = processes.serverRss();
        try (Subscribers warmUp = subscribers()) {
            var warm = warmUp.open(n, 256, false).join();
            log("%s: warm-up, %d connects at %.0f/s, then closed", dialect, warm.ready(), warm.perSecond());
        }
        sleep(5000);
        Processes.LiveHeap heapBefore = processes.serverHeapAfterGc();
        histogram("before", heapBefore);
        try (Subscribers subscribers = subscribers()) {
            double ownCpu = Processes.ownCpu();
            var opened = subscribers.open(n, 256, false).join();
            double generatorCores = (Processes.ownCpu() - ownCpu) / opened.seconds();
            sleep(5000);
            int held = subscribers.open().join();
            Processes.LiveHeap heapHeld = processes.serverHeapAfterGc();
            histogram("held", heapHeld);
            long heap = heapHeld.bytes() - heapBefore.bytes();
            long rss = processes.serverRss() - rssBefore;
            log("%s: %d of %d connections held (%d failed), %.0f connects/s, %.1f KiB heap and %.1f KiB RSS each",
                    dialect, held, n, opened.failed(), opened.perSecond(), heap / 1024.0 / held, rss / 1024.0 / held);
            append("connections.tsv", "target\trequested\theld\tfailed\tconnects_per_s\theap_kib_per_connection"
                    + "\trss_kib_per_connection\tgenerator_cpu\tbound\tclose_codes",
                    String.join("\t", name(), Integer.toString(n), Integer.toString(held),
                            Integer.toString(opened.failed()), String.format(Locale.ROOT, "%.0f", opened.perSecond()),
                            String.format(Locale.ROOT, "%.1f", heap / 1024.0 / held),
                            String.format(Locale.ROOT, "%.1f", rss / 1024.0 / held),
                            String.format(Locale.ROOT, "%.2f", generatorCores),
                            generatorCores >= BUSY ? "generator" : "-", subscribers.closeCodes().join().toString()));
        }
    }

    private String name() {
        return options.getOrDefault("name", required("target"));
    }

    /**
     * With {@code --trace true}, one line per publication of the step, in {@code trace-<target>-<n>.tsv}: when its
     * first receipt came (epoch ms), its first and last receipt's latency and how many received it. A tail that
     * comes from a few slow publications shows here, with the time to look up in the server's logs.
     */
    private void trace(Subscribers subscribers, int n, int rate, Step step) throws IOException {
        long[] t = subscribers.trace(step.number).join();
        var lines = new java.util.StringJoiner("\n");
        for (int at = 0; at + 3 < t.length; at += 4) {
            if (t[at + 2] > 0) {
                lines.add(String.format(Locale.ROOT, "%d\t%d\t%d\t%.1f\t%.1f\t%d", rate, at / 4, t[at + 3],
                        t[at] / 1000.0, t[at + 1] / 1000.0, t[at + 2]));
            }
        }
        if (lines.length() > 0) {
            append("trace-" + name() + "-" + n + ".tsv", "rate\tindex\tfirst_at_ms\tfirst_ms\tlast_ms\treceived",
                    lines.toString());
        }
    }

    /** With BENCH_HISTOGRAMS set, the class histogram a heap figure was counted from, beside the figures. */
    private void histogram(String when, Processes.LiveHeap heap) throws IOException {
        if (System.getenv("BENCH_HISTOGRAMS") != null && !heap.histogram().isEmpty()) {
            Files.writeString(out.resolve("histogram-" + name() + "-" + when + ".txt"), heap.histogram());
        }
    }

    private void append(String file, String header, String line) throws IOException {
        Path path = out.resolve(file);
        if (!Files.exists(path)) {
            Files.writeString(path, header + "\n");
        }
        Files.writeString(path, line + "\n", StandardOpenOption.APPEND);
    }

    private static String ms(Histogram micros, double percentile) {
        long value = percentile >= 100 ? micros.getMaxValue() : micros.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.1f", value / 1000.0);
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's GC figures now, or null for a Node server or when jstat cannot read them. */
    private Processes.Gc gc() {
        try {
            return processes.serverGc();
        } catch (IOException | RuntimeException e) {
            log("no GC figures: %s", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * {@code gc}: collections, their pauses in ms and about how many MB/s the server allocated, "-" for Node;
     * {@code taken}: ms of the server's core that went to other processes and to the hypervisor (steal), "-" when
     * the server is not pinned to one core.
     */
    private record Step(int number, Subscribers.Counts counts, long expected, double achieved, double serverCores,
                        double generatorCores, String[] gc, String[] taken) {
        /** Which side was the limit: the generator when it used most of its core, else the server when it did. */
        String bound() {
            return generatorCores >= BUSY ? "generator" : serverCores >= BUSY ? "server" : "-";
        }
    }
}
