package org.ordercast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Node tests in {@code src/test/js/clients/}, which drive the npm clients against a server a Java test started. */
public final class NodeTests {

    /** The most of the server's log a failure message carries: its last lines written during the run. */
    private static final int LOG_LINES = 60;

    private NodeTests() {
    }

    /** Runs one file of them against {@code base}; fails with their output unless all pass. */
    public static void run(String file, URL base, Map<String, String> environment) throws Exception {
        run(file, base, null, environment);
    }

    /**
     * Runs one file of them against the server of the portable suite; fails with their output, and the last lines
     * its log got during the run, unless all pass.
     */
    public static void run(String file, PortableServer server, Map<String, String> environment) throws Exception {
        run(file, server.base(), server.log(), environment);
    }

    private static void run(String file, URL base, Path log, Map<String, String> environment) throws Exception {
        long logged = log != null && Files.exists(log) ? Files.size(log) : 0;
        var builder = new ProcessBuilder("node", "--test", "--test-timeout=60000", "src/test/js/clients/" + file)
                .redirectErrorStream(true);
        builder.environment().put("ORDERCAST_URL", base.toString());
        builder.environment().putAll(environment);
        Process node = builder.start();
        String output = readAll(node);
        assertTrue(node.waitFor(2, TimeUnit.MINUTES), "the Node tests finished");
        if (node.exitValue() != 0 && log != null && Files.exists(log)) {
            output += "\nthe server's log meanwhile, its last " + LOG_LINES + " lines at most:\n" + since(log, logged);
        }
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("# fail 0") && !output.contains("# pass 0"), output);
    }

    /** The last lines written to {@code log} after its first {@code offset} bytes (of its last 1 MiB at most). */
    private static String since(Path log, long offset) throws IOException {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(file.length(), Math.max(offset, file.length() - (1 << 20))));
            byte[] written = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(written);
            List<String> lines = new String(written, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        }
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
