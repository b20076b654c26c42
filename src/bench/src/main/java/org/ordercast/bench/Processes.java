package org.ordercast.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory of the server under test and of the generator itself, read from {@code /proc}. Heap after a full
 * collection comes from {@code jcmd} and {@code jstat} for a JVM and from the server's own {@code /memory} endpoint for Node.js
 * (started with {@code --expose-gc}).
 */
final class Processes {

    private static final Pattern NODE_HEAP = Pattern.compile("\"heapUsed\":(\\d+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final double TICKS_PER_SECOND = 100;
    /** The serial collector's MarkSweepAlwaysCompactCount: every this many full collections compacts everything. */
    private static final int WHOLE_COMPACTION = 4;

    private final List<Long> serverPids;
    private final long serverPid;
    private final URI nodeMemory;
    private final int serverCore;

    /**
     * The server's processes (several nodes: CPU adds up over all of them, memory is the first one's);
     * {@code nodeMemory} is null for a JVM server; {@code serverCore} is the core the server is pinned to, or -1.
     */
    Processes(List<Long> serverPids, URI nodeMemory, int serverCore) {
        this.serverPids = List.copyOf(serverPids);
        this.serverPid = serverPids.get(0);
        this.nodeMemory = nodeMemory;
        this.serverCore = serverCore;
    }

    /**
     * The seconds the server's core has been busy and has been stolen by the hypervisor so far ({@code /proc/stat}),
     * or null when the server is not pinned to one core. Busy time the server's own CPU time does not account for
     * went to other processes: one more server on that core, as far as the figures are concerned.
     */
    double[] serverCore() {
        if (serverCore < 0) {
            return null;
        }
        try {
            String prefix = "cpu" + serverCore + " ";
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith(prefix)) {
                    // user nice system idle iowait irq softirq steal ...
                    String[] ticks = line.substring(prefix.length()).trim().split(" +");
                    long busy = 0;
                    for (int i : new int[] {0, 1, 2, 5, 6}) {
                        busy += Long.parseLong(ticks[i]);
                    }
                    return new double[] {busy / TICKS_PER_SECOND, Long.parseLong(ticks[7]) / TICKS_PER_SECOND};
                }
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    boolean serverAlive() {
        return serverPids.stream().allMatch(pid -> Files.exists(Path.of("/proc/" + pid)));
    }

    /** CPU seconds the server's processes have used so far. */
    double serverCpu() {
        double seconds = 0;
        for (long pid : serverPids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (IOException e) {
                throw new IllegalStateException("server process " + pid + " is gone", e);
            }
        }
        return seconds;
    }

    /** CPU seconds this generator has used so far. */
    static double ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /** The server's resident set size in bytes. */
    long serverRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("server process " + serverPid + " is gone", e);
        }
        throw new IllegalStateException("no VmRSS for " + serverPid);
    }

    /**
     * The JVM server's collections so far (jstat -gc, of the first process): their count, their pauses in seconds,
     * and eden's use and capacity in KiB; null for a Node server. A collector without generations (ZGC) counts its
     * cycles, which pause the server for well under a millisecond each, and has no eden to estimate allocation by.
     */
    Gc serverGc() throws IOException, InterruptedException {
        if (nodeMemory != null) {
            return null;
        }
        Map<String, Double> gc = jstat(Long.toString(serverPid));
        double collections = gc.containsKey("YGC") ? gc.get("YGC") + gc.get("FGC") : gc.getOrDefault("CGC", 0.0);
        return new Gc(collections, gc.get("GCT"), gc.getOrDefault("EU", Double.NaN), gc.getOrDefault("EC", Double.NaN));
    }

    /** A {@link #serverGc} sample; two give a step's figures. */
    record Gc(double collections, double pauseSeconds, double edenUsedKib, double edenKib) {

        /**
         * Collections, their pauses in ms and the allocation rate in MB/s from {@code before} to this, over
         * {@code seconds}. The rate is an estimate: every collection is counted as one full eden of today's size.
         */
        String[] since(Gc before, double seconds) {
            double collected = collections - before.collections;
            double allocatedKib = edenUsedKib - before.edenUsedKib + collected * edenKib;
            return new String[] {String.format(Locale.ROOT, "%.0f", collected),
                    String.format(Locale.ROOT, "%.0f", (pauseSeconds - before.pauseSeconds) * 1000),
                    Double.isNaN(allocatedKib) ? "-" : String.format(Locale.ROOT, "%.0f", allocatedKib / 1024 / seconds)};
        }
    }

    /**
     * The server's live heap in bytes after a full collection, and for a JVM the class histogram it was counted
     * from (empty for Node.js).
     */
    LiveHeap serverHeapAfterGc() throws IOException, InterruptedException {
        if (nodeMemory != null) {
            var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(nodeMemory)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher used = NODE_HEAP.matcher(response.body());
            if (!used.find()) {
                throw new IllegalStateException("no heapUsed in " + response.body());
            }
            return new LiveHeap(Long.parseLong(used.group(1)), "");
        }
        String pid = Long.toString(serverPid);
        // Counted from a class histogram, which collects and counts in one safepoint: jstat's used columns, read
        // after a collection, also count the allocation buffers the server's threads have taken since, which grow
        // with eden (about 1 KiB per connection more at a 5.8 GB heap than at 384 MB).
        // The serial collector (a JVM on one core) leaves dead objects where they lie at the bottom of the old
        // generation, up to MarkSweepDeadRatio (5 %) of its capacity, except on every MarkSweepAlwaysCompactCount-th
        // (4th) full collection, which compacts all of it. That dead space is counted too (19 MB in one
        // measurement, none in the next), so collect until the histogram's own collection is such a one.
        int runs = 0;
        do {
            jdkTool("jcmd", pid, "GC.run");
            runs++;
        } while (runs < WHOLE_COMPACTION && !compactedAll(pid));
        String histogram = jdkTool("jcmd", pid, "GC.class_histogram");
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no total in the class histogram of " + pid);
        }
        return new LiveHeap(Long.parseLong(total.group(1)), histogram);
    }

    /** A {@link #serverHeapAfterGc} reading. */
    record LiveHeap(long bytes, String histogram) {
    }

    /**
     * Whether the server's next full collection compacts everything: every {@link #WHOLE_COMPACTION}-th, for the
     * serial collector; always, for one without full collections (ZGC marks the live objects for the histogram).
     */
    private static boolean compactedAll(String pid) throws IOException, InterruptedException {
        Double full = jstat(pid).get("FGC");
        return full == null || (Math.round(full) + 1) % WHOLE_COMPACTION == 0;
    }

    /** The last line of {@code jstat -gc}, by column. */
    private static Map<String, Double> jstat(String pid) throws IOException, InterruptedException {
        String[] lines = jdkTool("jstat", "-gc", pid).strip().split("\n");
        String[] names = lines[0].strip().split("\\s+");
        String[] values = lines[lines.length - 1].strip().split("\\s+");
        var columns = new java.util.HashMap<String, Double>();
        for (int i = 0; i < names.length; i++) {
            if (!values[i].equals("-")) { // a column the collector does not have (CGC with the serial one)
                columns.put(names[i], Double.parseDouble(values[i]));
            }
        }
        return columns;
    }

    private static String jdkTool(String tool, String... arguments) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }
}
