package org.ordercast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Node tests in {@code src/test/js/clients/}, which drive the npm clients against a server a Java test started. */
public final class NodeTests {

    private NodeTests() {
    }

    /** Runs one file of them against {@code base}; fails with their output unless all pass. */
    public static void run(String file, URL base, Map<String, String> environment) throws Exception {
        var builder = new ProcessBuilder("node", "--test", "--test-timeout=60000", "src/test/js/clients/" + file)
                .redirectErrorStream(true);
        builder.environment().put("ORDERCAST_URL", base.toString());
        builder.environment().putAll(environment);
        Process node = builder.start();
        String output = readAll(node);
        assertTrue(node.waitFor(2, TimeUnit.MINUTES), "the Node tests finished");
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("# fail 0") && !output.contains("# pass 0"), output);
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
