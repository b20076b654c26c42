package org.ordercast.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One full collection the first time the node reports itself ready, before a load balancer sends it traffic.
 * <p>
 * While the server starts, the JVM collects in full whenever the classes loaded pass its metaspace threshold; what
 * the deployment holds at that moment is moved to the old generation and dies there soon after. A young collection
 * does not look at whether an old object is alive: every young object such a dead one refers to survives, and what
 * it refers to in turn. On one core that was some 25 MB that every young collection under load copied again, 21-32
 * ms a time against 6-8 ms, until the fifteenth promoted it in one pause of 94-116 ms, two to three minutes into the
 * node's life (src/bench/RESULTS.md). Collected in full once the deployment is done, the dead objects go, and
 * what they kept goes with them. It costs one pause of a few hundred milliseconds on one core, before any request.
 * {@code -XX:+DisableExplicitGC} or {@code ordercast.health.collect-when-ready=false} turns it off.
 * <p>
 * "Done" is a second in which no class was loaded and the heap grew by less than 8 MB (starting allocates tens of
 * megabytes a second). A server may answer for the application while starting is still under way: in two of eight
 * runs on Payara Micro the collection came 7-9 s after the last of those full collections instead of 10-16, found
 * 15 MB more alive, and young collections stayed at 14-29 ms instead of 5-8. One of those two had waited for class
 * loading alone to stop.
 */
@ApplicationScoped
public class ReadyCollection {

    private static final System.Logger LOG = System.getLogger(ReadyCollection.class.getName());
    private static final long QUIET = Duration.ofSeconds(1).toNanos();
    private static final long QUIET_BYTES = 8L << 20;
    private static final long MOST = Duration.ofSeconds(15).toNanos();

    @Inject
    @ConfigProperty(name = "ordercast.health.collect-when-ready", defaultValue = "true")
    boolean enabled;

    private boolean done;

    /** Collects the first time it is called; a call meanwhile waits for it, later ones return at once. */
    public synchronized void once() {
        if (done || !enabled) {
            return;
        }
        done = true;
        long waited = System.nanoTime();
        if (!awaitQuiet()) {
            return;
        }
        waited = System.nanoTime() - waited;
        var heap = ManagementFactory.getMemoryMXBean();
        long before = heap.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        System.gc();
        LOG.log(System.Logger.Level.INFO, "Ready: collected what starting left behind in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms, after "
                + TimeUnit.NANOSECONDS.toMillis(waited) + " ms for starting to settle; heap used "
                + (before >> 20) + " MB before, " + (heap.getHeapMemoryUsage().getUsed() >> 20) + " MB after");
    }

    /**
     * Waits until no class was loaded and the heap grew by less than {@link #QUIET_BYTES} for {@link #QUIET}, or
     * {@link #MOST}; false if interrupted.
     */
    private static boolean awaitQuiet() {
        var classes = ManagementFactory.getClassLoadingMXBean();
        var heap = ManagementFactory.getMemoryMXBean();
        long seen = classes.getTotalLoadedClassCount();
        long usedThen = heap.getHeapMemoryUsage().getUsed();
        long now = System.nanoTime();
        long quietSince = now;
        long deadline = now + MOST;
        while (now - quietSince < QUIET && now < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            now = System.nanoTime();
            long loaded = classes.getTotalLoadedClassCount();
            long used = heap.getHeapMemoryUsage().getUsed();
            // less used than before: a collection ran, and what starting allocates since is not known
            if (loaded != seen || used < usedThen || used - usedThen >= QUIET_BYTES) {
                seen = loaded;
                usedThen = used;
                quietSince = now;
            }
        }
        return true;
    }
}
