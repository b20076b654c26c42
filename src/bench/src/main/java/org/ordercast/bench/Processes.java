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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory of the server under test and of the generator itself, read from {@code /proc}. Heap after a full
 * collection comes from {@code jcmd} and {@code jstat} for a JVM and from the server's own {@code /memory} endpoint for Node.js
 * (started with {@code --expose-gc}).
 */
final class Processes {

    private static final Pattern NODE_HEAP = Pattern.compile("\"heapUsed\":(\\d+)");
    private static final double TICKS_PER_SECOND = 100;

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
     * and eden's use and capacity in KiB; null for a Node server.
     */
    Gc serverGc() throws IOException, InterruptedException {
        if (nodeMemory != null) {
            return null;
        }
        String[] lines = jdkTool("jstat", "-gc", Long.toString(serverPid)).strip().split("\n");
        List<String> names = List.of(lines[0].strip().split("\\s+"));
        String[] values = lines[lines.length - 1].strip().split("\\s+");
        java.util.function.ToDoubleFunction<String> column = name -> Double.parseDouble(values[names.indexOf(name)]);
        return new Gc(column.applyAsDouble("YGC") + column.applyAsDouble("FGC"), column.applyAsDouble("GCT"),
                column.applyAsDouble("EU"), column.applyAsDouble("EC"));
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
                    String.format(Locale.ROOT, "%.0f", allocatedKib / 1024 / seconds)};
        }
    }

    /** The server's live heap in bytes after a full collection. */
    long serverHeapAfterGc() throws IOException, InterruptedException {
        if (nodeMemory != null) {
            var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(nodeMemory)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher used = NODE_HEAP.matcher(response.body());
            if (!used.find()) {
                throw new IllegalStateException("no heapUsed in " + response.body());
            }
            return Long.parseLong(used.group(1));
        }
        String pid = Long.toString(serverPid);
        jdkTool("jcmd", pid, "GC.run");
        jdkTool("jcmd", pid, "GC.run");
        // jstat -gc: the used columns of both survivor spaces, eden and the old generation, in KiB
        String[] lines = jdkTool("jstat", "-gc", pid).strip().split("\n");
        List<String> names = List.of(lines[0].strip().split("\\s+"));
        String[] values = lines[lines.length - 1].strip().split("\\s+");
        double used = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            used += Double.parseDouble(values[names.indexOf(column)]);
        }
        return (long) (used * 1024);
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
