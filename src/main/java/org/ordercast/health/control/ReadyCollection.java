package org.ordercast.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One full collection the first time the node reports itself ready, before a load balancer sends it traffic.
 * <p>
 * While the server starts, the JVM collects in full whenever the classes loaded pass its metaspace threshold; what
 * the deployment holds at that moment is moved to the old generation and dies there soon after. A young collection
 * does not look at whether an old object is alive: every young object such a dead one refers to survives, and what
 * it refers to in turn. On one core that was some 20 MB that every young collection under load copied again, 23-30
 * ms a time against 3-6 ms, until the fifteenth promoted it in one pause of 94-116 ms, two to three minutes into the
 * node's life (src/bench/RESULTS.md). Collected in full once the deployment is done, the dead objects go, and
 * what they kept goes with them. It costs one pause of a few hundred milliseconds on one core, before any request.
 * {@code -XX:+DisableExplicitGC} or {@code ordercast.health.collect-when-ready=false} turns it off.
 */
@ApplicationScoped
public class ReadyCollection {

    private static final System.Logger LOG = System.getLogger(ReadyCollection.class.getName());

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
        var heap = ManagementFactory.getMemoryMXBean();
        long before = heap.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        System.gc();
        LOG.log(System.Logger.Level.INFO, "Ready: collected what starting left behind in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms, heap used "
                + (before >> 20) + " MB before, " + (heap.getHeapMemoryUsage().getUsed() >> 20) + " MB after");
    }
}
