package org.ordercast.processing.control;

import java.time.Duration;
import java.util.ArrayDeque;

import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.ordercast.processing.entity.Phase;

/**
 * One processing run: generates its orders, enqueues VIP orders before normal ones and processes the queue at a
 * fixed rate, in small steps, waiting while paused. A plain object that a worker thread runs; the listener hears
 * of each phase, and {@link #snapshot} is read from other threads.
 */
public final class ProcessingRun implements Runnable {

    /** A point-in-time view of the run, for status publications. */
    public record Snapshot(String runId, Phase phase, int total, int vipCount, int normalCount, int processed,
                           Map<Phase, Long> timingsMillis, double throughput, double progress, Double etaSeconds) {
    }

    /** A processed order: its number and whether it was VIP. */
    public record Processed(int number, boolean vip) {
    }

    private static final long STEP_MILLIS = 20;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final int total;
    private final double vipShare;
    private final int ratePerSecond;
    private final Consumer<Phase> onPhase;
    private final Consumer<Processed> onProcessed;
    private final Map<Phase, Long> timings = new java.util.concurrent.ConcurrentHashMap<>();
    private final ArrayDeque<Processed> queue = new ArrayDeque<>();
    private volatile Phase phase = Phase.GENERATING;
    private volatile boolean paused;
    private volatile int vipCount;
    private volatile int normalCount;
    private volatile int processed;
    private volatile long processingStarted;
    private volatile long processingNanos;

    public ProcessingRun(int total, double vipShare, int ratePerSecond, Consumer<Phase> onPhase,
                         Consumer<Processed> onProcessed) {
        this.total = total;
        this.vipShare = vipShare;
        this.ratePerSecond = ratePerSecond;
        this.onPhase = onPhase;
        this.onProcessed = onProcessed;
    }

    public String id() {
        return id;
    }

    @Override
    public void run() {
        try {
            var orders = timed(Phase.GENERATING, this::generate);
            timed(Phase.ENQUEUE_VIP, () -> enqueue(orders, true));
            timed(Phase.ENQUEUE_NORMAL, () -> enqueue(orders, false));
            timed(Phase.PROCESSING, () -> {
                process();
                return null;
            });
            enter(Phase.COMPLETED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            enter(Phase.FAILED);
        } catch (RuntimeException e) {
            enter(Phase.FAILED);
            throw e;
        }
    }

    public synchronized void pause() {
        if (!phase.finished()) {
            paused = true;
        }
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public boolean paused() {
        return paused;
    }

    public Snapshot snapshot() {
        double seconds = processingNanos / 1e9;
        double throughput = seconds > 0 ? processed / seconds : 0;
        double progress = total == 0 ? 100 : Math.round(processed * 1000.0 / total) / 10.0;
        Double eta = phase.finished() ? Double.valueOf(0) : throughput > 0 ? (total - processed) / throughput : null;
        Phase shown = paused && !phase.finished() ? Phase.PAUSED : phase;
        return new Snapshot(id, shown, total, vipCount, normalCount, processed, Map.copyOf(timings),
                Math.round(throughput * 10) / 10.0, progress, eta == null ? null : Math.round(eta * 10) / 10.0);
    }

    private boolean[] generate() {
        var random = new Random(total);
        boolean[] vip = new boolean[total];
        for (int i = 0; i < total; i++) {
            vip[i] = random.nextDouble() < vipShare;
        }
        return vip;
    }

    private Void enqueue(boolean[] vip, boolean wanted) {
        for (int i = 0; i < vip.length; i++) {
            if (vip[i] == wanted) {
                queue.add(new Processed(i + 1, wanted));
                if (wanted) {
                    vipCount++;
                } else {
                    normalCount++;
                }
            }
        }
        return null;
    }

    private void process() throws InterruptedException {
        processingStarted = System.nanoTime();
        double budget = 0;
        while (!queue.isEmpty()) {
            waitWhilePaused();
            long stepStart = System.nanoTime();
            budget += ratePerSecond * STEP_MILLIS / 1000.0;
            while (budget >= 1 && !queue.isEmpty()) {
                onProcessed.accept(queue.poll());
                processed++;
                budget--;
            }
            processingNanos = System.nanoTime() - processingStarted;
            long left = STEP_MILLIS - Duration.ofNanos(System.nanoTime() - stepStart).toMillis();
            if (left > 0 && !queue.isEmpty()) {
                Thread.sleep(left);
            }
        }
    }

    private synchronized void waitWhilePaused() throws InterruptedException {
        if (!paused) {
            return;
        }
        long pausedAt = System.nanoTime();
        while (paused) {
            wait();
        }
        processingStarted += System.nanoTime() - pausedAt;
    }

    private interface Step<T> {
        T run() throws InterruptedException;
    }

    private <T> T timed(Phase next, Step<T> step) throws InterruptedException {
        enter(next);
        long start = System.nanoTime();
        T result = step.run();
        timings.put(next, Duration.ofNanos(System.nanoTime() - start).toMillis());
        return result;
    }

    private void enter(Phase next) {
        phase = next;
        onPhase.accept(next);
    }
}
