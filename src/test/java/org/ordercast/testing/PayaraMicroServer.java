package org.ordercast.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Payara Micro as {@code server-config/payara/README.md} runs it: {@code payara-micro.jar} deploying the WAR at
 * {@code /}, with the JSON-P provider named and its data grid off; its own files under the run directory, its
 * database in the run directory's {@code data/}.
 */
public final class PayaraMicroServer extends ServerProcess {

    /** The pre-boot commands every Payara Micro of the project starts with: its data grid off. */
    static final String PRE_BOOT_COMMANDS = Path.of("server-config", "payara", "pre-boot-commands.asadmin")
            .toAbsolutePath().toString();

    private Path war;

    public PayaraMicroServer() {
        super("payara");
    }

    @Override
    public String name() {
        return "Payara Micro " + System.getProperty("payara.version", "");
    }

    @Override
    protected void install(Path war) {
        this.war = war;
    }

    /**
     * A fresh root directory each time: started on its old one, Payara Micro first serves the application it deployed
     * last time, then undeploys it and deploys the WAR again, so it would look ready while it is not.
     */
    @Override
    protected void beforeLaunch() throws IOException {
        deleteRecursively(run.resolve("payara"));
    }

    @Override
    protected List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
                "-jar", Path.of("target", "payara-micro.jar").toAbsolutePath().toString(), "--nocluster",
                "--prebootcommandfile", PRE_BOOT_COMMANDS,
                "--port", String.valueOf(port), "--deploy", war.toString(), "--contextroot", "/",
                "--rootdir", run.resolve("payara").toString());
    }
}
