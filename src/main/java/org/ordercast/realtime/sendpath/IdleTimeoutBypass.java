package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tyrus re-schedules its idle-timeout task on every message a client sends, even with the session's idle timeout
 * at 0 (off), which ordercast always sets: its own heartbeat closes silent connections. On Payara that task goes to
 * the container's managed executor, whose context capture costs about a millisecond, so 10,000 clients answering
 * pings every 25 s kept a core busy. This wraps the session's executor so that a schedule of the idle-timeout
 * command with no timeout is a no-op; everything else reaches the container's executor unchanged. Where the session
 * is not Tyrus's, or its fields differ, nothing is changed.
 */
final class IdleTimeoutBypass implements ScheduledExecutorService {

    private static final System.Logger LOG = System.getLogger(IdleTimeoutBypass.class.getName());
    private static volatile boolean unavailable;

    private final ScheduledExecutorService container;
    private final Session session;
    private final Runnable received;

    private IdleTimeoutBypass(ScheduledExecutorService container, Session session, Runnable received) {
        this.container = container;
        this.session = session;
        this.received = received;
    }

    /**
     * Installs the bypass on a Tyrus session whose idle timeout is off. Tyrus re-schedules the idle-timeout task for
     * every frame it receives, protocol pings and pongs included, which JSR 356 never hands to the endpoint:
     * {@code received} runs then, so a client that keeps the connection alive with RFC 6455 pings counts as live.
     */
    static void install(Session session, Runnable received) {
        if (unavailable || session.getMaxIdleTimeout() > 0) {
            return;
        }
        try {
            Field service = null;
            for (Class<?> type = session.getClass(); type != null && service == null; type = type.getSuperclass()) {
                if (type.getName().equals("org.glassfish.tyrus.core.TyrusSession")) {
                    service = TyrusHandlers.accessible(type.getDeclaredField("service"));
                }
            }
            if (service != null && service.get(session) instanceof ScheduledExecutorService container
                    && !(container instanceof IdleTimeoutBypass)) {
                service.set(session, new IdleTimeoutBypass(container, session, received));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus idle-timeout bypass unavailable: " + e);
        }
    }

    private boolean idleCheckWithoutTimeout(Runnable command) {
        if (!command.getClass().getName().endsWith("$IdleTimeoutCommand")) {
            return false;
        }
        received.run();
        return session.getMaxIdleTimeout() <= 0;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return idleCheckWithoutTimeout(command) ? Skipped.INSTANCE : container.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return container.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return container.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return container.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        container.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return container.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return container.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return container.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return container.awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return container.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return container.submit(task, result);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return container.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return container.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return container.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return container.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return container.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
        container.execute(command);
    }

    /** The future of a task that never runs: already cancelled, so Tyrus's own cancel is a no-op. */
    private static final class Skipped implements ScheduledFuture<Object> {

        static final Skipped INSTANCE = new Skipped();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new CancellationException("the idle-timeout check is off");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
