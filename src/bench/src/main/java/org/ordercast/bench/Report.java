package org.ordercast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns the generator's TSV files into {@code results.md} (figures side by side, ratios ordercast / peer) and
 * {@code latency.png} (p99 against deliveries per second, drawn by gnuplot when it is installed).
 *
 * <pre>java -cp ... org.ordercast.bench.Report target/bench</pre>
 */
public final class Report {

    private static final List<String> TARGETS = List.of("ordercast", "socketio", "ws");
    private static final double LATENCY_GOAL_MS = 200;
    /**
     * Time of the server's core in one step, taken by other processes or the hypervisor, worth pointing out. Up to
     * about 200 ms show in undisturbed steps: the kernel's work for the server's own writes, when it runs outside the
     * server's context, counts as the core's busy time but not as the server's.
     */
    private static final double DISTURBED_MS = 300;

    private final Path dir;
    private final List<Map<String, String>> fanOut;
    private final List<Map<String, String>> slow;
    private final List<Map<String, String>> connections;
    private final StringBuilder md = new StringBuilder();

    private Report(Path dir) throws IOException {
        this.dir = dir;
        this.fanOut = medians(read(dir.resolve("fanout.tsv")), List.of("target", "subscribers", "rate"));
        this.slow = medians(read(dir.resolve("slow.tsv")), List.of("target", "subscribers", "rate"));
        this.connections = medians(read(dir.resolve("connections.tsv")), List.of("target", "requested"));
    }

    public static void main(String[] args) throws Exception {
        var report = new Report(Path.of(args.length > 0 ? args[0] : "target/bench"));
        report.write();
    }

    private void write() throws IOException, InterruptedException {
        md.append("# Fan-out benchmark results\n\n```\n");
        Path machine = dir.resolve("machine.txt");
        if (Files.exists(machine)) {
            md.append(Files.readString(machine));
        }
        md.append("```\n\n");
        if (Stream.of(fanOut, slow, connections).flatMap(List::stream).anyMatch(r -> r.containsKey("runs")
                && Integer.parseInt(r.get("runs")) > 1)) {
            md.append("Several runs: every figure is the median of the runs that reached it, p99, connects/s and "
                    + "heap with their lowest and highest in brackets.\n\n");
        }
        fanOutTables();
        capacity();
        slowConsumer();
        connectionTable();
        Files.writeString(dir.resolve("results.md"), md);
        System.out.print(md);
        plot();
    }

    private void fanOutTables() {
        for (int n : subscriberCounts()) {
            md.append("## Fan-out to ").append(n).append(" subscribers on one channel\n\n")
                    .append("Latency from the publication's scheduled time to its receipt, in ms (p50 / p99 / max); "
                            + "delivered of expected; `gen` marks a step where the generator used its whole core; for a "
                            + "JVM server, its collections in the step, their pauses and about how much it allocated "
                            + "(jstat); `others` and `steal`, where they took " + (int) DISTURBED_MS + " ms or more of "
                            + "the server's core in a step of any run, the time other processes and the hypervisor "
                            + "took of it.\n\n")
                    .append("| deliveries/s |");
            var present = present(n);
            for (String target : present) {
                md.append(' ').append(target).append(" |");
            }
            for (String peer : present.subList(1, present.size())) {
                md.append(" p99 ").append(present.get(0)).append(" / ").append(peer).append(" |");
            }
            md.append("\n|---:|").append("---|".repeat(present.size() * 2 - 1)).append('\n');
            var rates = new TreeSet<Integer>();
            fanOut.stream().filter(r -> n == Integer.parseInt(r.get("subscribers")))
                    .forEach(r -> rates.add(Integer.parseInt(r.get("rate"))));
            for (int rate : rates) {
                md.append("| ").append(rate).append(" |");
                for (String target : present) {
                    md.append(' ').append(row(target, n, rate).map(Report::cell).orElse("saturated earlier"))
                            .append(" |");
                }
                var own = row(present.get(0), n, rate);
                for (String peer : present.subList(1, present.size())) {
                    var other = row(peer, n, rate);
                    md.append(' ').append(own.isPresent() && other.isPresent()
                            ? ratio(number(own.get(), "p99_ms"), number(other.get(), "p99_ms")) : "").append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private static String cell(Map<String, String> r) {
        long delivered = Long.parseLong(r.get("delivered"));
        long expected = Long.parseLong(r.get("expected"));
        String share = delivered == expected ? "all " + expected
                : String.format(Locale.ROOT, "%d of %d (%.1f%%)", delivered, expected, 100.0 * delivered / expected);
        return r.get("p50_ms") + " / " + spread(r, "p99_ms") + " / " + r.get("max_ms") + ", " + share
                + ("generator".equals(r.get("bound")) ? ", gen" : "")
                + (!"0".equals(r.get("out_of_order")) ? ", " + r.get("out_of_order") + " out of order" : "")
                + (r.containsKey("gc_pause_ms") && !"-".equals(r.get("gc_pause_ms"))
                        ? ", GC " + r.get("gc_collections") + "× " + r.get("gc_pause_ms") + " ms, "
                                + r.get("allocated_mb_s") + " MB/s" : "")
                + disturbed(r);
    }

    /** Where others took much of the server's core in a step of any run: how much, else nothing. */
    private static String disturbed(Map<String, String> r) {
        if (!isNumber(r.get("core_others_ms")) || !isNumber(r.get("core_steal_ms"))) {
            return "";
        }
        return highest(r, "core_others_ms") + highest(r, "core_steal_ms") >= DISTURBED_MS
                ? ", others " + spread(r, "core_others_ms") + " ms, steal " + spread(r, "core_steal_ms") + " ms" : "";
    }

    /** A column's highest value over the runs. */
    private static double highest(Map<String, String> r, String column) {
        String range = r.get(column + "_range");
        return Double.parseDouble(range == null ? r.get(column) : range.substring(range.lastIndexOf('-') + 1));
    }

    /** The highest step each server delivered completely with p99 within the goal. */
    private void capacity() {
        md.append("## Highest rate delivered in full with p99 ≤ ").append((int) LATENCY_GOAL_MS).append(" ms\n\n")
                .append("| subscribers |");
        for (String target : TARGETS) {
            md.append(' ').append(target).append(" |");
        }
        md.append(" ordercast / socketio | ordercast / ws |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int n : subscriberCounts()) {
            md.append("| ").append(n).append(" |");
            double[] best = new double[TARGETS.size()];
            for (int i = 0; i < TARGETS.size(); i++) {
                String target = TARGETS.get(i);
                best[i] = fanOut.stream()
                        .filter(r -> r.get("target").equals(target) && n == Integer.parseInt(r.get("subscribers")))
                        .filter(r -> r.get("delivered").equals(r.get("expected"))
                                && number(r, "p99_ms") <= LATENCY_GOAL_MS)
                        .mapToDouble(r -> number(r, "rate")).max().orElse(0);
                md.append(' ').append(best[i] > 0 ? String.format(Locale.ROOT, "%.0f", best[i]) : "none").append(" |");
            }
            md.append(' ').append(ratio(best[0], best[1])).append(" | ").append(ratio(best[0], best[2])).append(" |\n");
        }
        md.append("\nThe steps go up to the highest rate listed; a server that kept up with it may go further.\n\n");
    }

    private void slowConsumer() {
        if (slow.isEmpty()) {
            return;
        }
        md.append("## One subscriber stops reading\n\nThe other subscribers' latency in ms (p50 / p99 / max) at the same "
                        + "rate, before and while one subscriber with a 4 KiB receive buffer reads nothing.\n\n")
                .append("| server | subscribers | deliveries/s | before | while one stalls | delivered to the others "
                        + "| the stalled subscriber |\n|---|---:|---:|---|---|---|---|\n");
        for (var r : slow) {
            md.append("| ").append(r.get("target")).append(" | ").append(r.get("subscribers")).append(" | ")
                    .append(r.get("rate")).append(" | ")
                    .append(r.get("before_p50_ms")).append(" / ").append(r.get("before_p99_ms")).append(" / ")
                    .append(r.get("before_max_ms")).append(" | ")
                    .append(r.get("stalled_p50_ms")).append(" / ").append(spread(r, "stalled_p99_ms")).append(" / ")
                    .append(r.get("stalled_max_ms")).append(" | ")
                    .append(r.get("delivered")).append(" of ").append(r.get("expected")).append(" | ")
                    .append(r.get("slow_consumer")).append(" |\n");
        }
        md.append('\n');
    }

    private void connectionTable() {
        if (connections.isEmpty()) {
            return;
        }
        md.append("## Idle connections in one server process\n\nEach connection authenticates with a JWT; the same "
                        + "connects are made and closed once before the measured ones (a warm-up). Heap is the live "
                        + "heap after a full collection (for a JVM, the total of a class histogram taken after a "
                        + "collection that compacts everything), after the warm-up and with the connections held, "
                        + "divided by the connections held; RSS likewise, from before the warm-up.\n\n")
                .append("| server | requested | held | failed | connects/s | heap KiB / connection "
                        + "| RSS KiB / connection |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (var r : connections) {
            md.append("| ").append(r.get("target")).append(" | ").append(r.get("requested")).append(" | ")
                    .append(r.get("held")).append(" | ").append(r.get("failed")).append(" | ")
                    .append(spread(r, "connects_per_s")).append("generator".equals(r.get("bound")) ? " (gen)" : "")
                    .append(" | ").append(spread(r, "heap_kib_per_connection")).append(" | ")
                    .append(spread(r, "rss_kib_per_connection")).append(" |\n");
        }
        md.append('\n');
    }

    private void plot() throws IOException, InterruptedException {
        var plots = new ArrayList<String>();
        for (int n : subscriberCounts()) {
            var lines = new ArrayList<String>();
            for (String target : present(n)) {
                Path data = dir.resolve("latency-" + target + "-" + n + ".dat");
                var rows = new StringBuilder("# deliveries/s p50_ms p99_ms\n");
                fanOut.stream().filter(r -> r.get("target").equals(target) && n == Integer.parseInt(r.get("subscribers")))
                        .forEach(r -> rows.append(r.get("rate")).append(' ').append(r.get("p50_ms")).append(' ')
                                .append(r.get("p99_ms")).append('\n'));
                Files.writeString(data, rows);
                lines.add("'" + data.getFileName() + "' using 1:3 with linespoints title '" + target + " p99'");
            }
            plots.add("set title '" + n + " subscribers'\nplot " + String.join(", ", lines));
        }
        String script = "set terminal pngcairo size 1400,560 font 'sans,11'\nset output 'latency.png'\n"
                + "set multiplot layout 1," + plots.size() + "\nset logscale y\nset grid\n"
                + "set xlabel 'deliveries per second'\nset ylabel 'publish-to-receive p99 (ms)'\nset key left top\n"
                + String.join("\n", plots) + "\nunset multiplot\n";
        Files.writeString(dir.resolve("latency.gp"), script);
        try {
            Process gnuplot = new ProcessBuilder("gnuplot", "latency.gp").directory(dir.toFile()).inheritIO().start();
            if (gnuplot.waitFor(60, TimeUnit.SECONDS) && gnuplot.exitValue() == 0) {
                System.out.println("plot: " + dir.resolve("latency.png"));
            } else {
                System.out.println("gnuplot failed; the data and script are in " + dir);
            }
        } catch (IOException e) {
            System.out.println("gnuplot is not installed; the data and script are in " + dir);
        }
    }

    private List<Integer> subscriberCounts() {
        return fanOut.stream().map(r -> Integer.parseInt(r.get("subscribers"))).distinct().sorted().toList();
    }

    private List<String> present(int n) {
        return TARGETS.stream().filter(t -> fanOut.stream()
                .anyMatch(r -> r.get("target").equals(t) && n == Integer.parseInt(r.get("subscribers")))).toList();
    }

    private Optional<Map<String, String>> row(String target, int n, int rate) {
        return fanOut.stream().filter(r -> r.get("target").equals(target)
                && n == Integer.parseInt(r.get("subscribers")) && rate == Integer.parseInt(r.get("rate"))).findFirst();
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    private static String ratio(double own, double other) {
        return other > 0 && own > 0 ? String.format(Locale.ROOT, "%.2f", own / other) : "";
    }

    /**
     * Rows of several runs ({@code BENCH_RUNS}) with the same key as one row: each numeric column the median of the
     * runs (the lower middle one for an even count) and {@code <column>_range} its lowest and highest; text columns
     * are the first run's; {@code runs} says how many runs reached that row (a run stops a fan-out at saturation).
     */
    static List<Map<String, String>> medians(List<Map<String, String>> rows, List<String> key) {
        var groups = new LinkedHashMap<List<String>, List<Map<String, String>>>();
        rows.forEach(r -> groups.computeIfAbsent(key.stream().map(r::get).toList(), k -> new ArrayList<>()).add(r));
        var merged = new ArrayList<Map<String, String>>();
        for (var group : groups.values()) {
            var row = new LinkedHashMap<>(group.get(0));
            row.put("runs", Integer.toString(group.size()));
            for (String column : group.get(0).keySet()) {
                List<String> values = group.stream().map(r -> r.get(column)).toList();
                if (key.contains(column) || group.size() < 2 || !values.stream().allMatch(Report::isNumber)) {
                    continue;
                }
                List<String> sorted = values.stream().sorted(Comparator.comparingDouble(Double::parseDouble)).toList();
                row.put(column, sorted.get((sorted.size() - 1) / 2));
                row.put(column + "_range", sorted.get(0) + "-" + sorted.get(sorted.size() - 1));
            }
            merged.add(row);
        }
        return merged;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    /** A figure with its range over the runs in brackets, when there were several. */
    private static String spread(Map<String, String> row, String column) {
        String range = row.get(column + "_range");
        return row.get(column) + (range == null ? "" : " (" + range + ")");
    }

    private static List<Map<String, String>> read(Path tsv) throws IOException {
        var rows = new ArrayList<Map<String, String>>();
        if (!Files.exists(tsv)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(tsv);
        String[] header = lines.get(0).split("\t");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
