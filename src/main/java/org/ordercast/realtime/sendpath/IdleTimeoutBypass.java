package org.ordercast.realtime.sendpath;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * Tyrus schedules its idle-timeout task on the WebSocket container's executor when it creates a session, and again
 * for every frame a client sends, even with the session's idle timeout at 0 (off), which ordercast always sets: its
 * own heartbeat closes silent connections. On Payara that executor is the managed one, whose context capture
 * searches the application's class path each time: about a sixth of the server's work per connect, and 10,000
 * clients answering pings every 25 s kept a core busy. This wraps the container's executor, once, so that
 * scheduling the idle-timeout task of a session without a timeout is a no-op that tells the session it heard from
 * its client; everything else reaches the container's executor unchanged. Where the container or the session is not
 * Tyrus's, or its fields differ, nothing is changed.
 */
final class IdleTimeoutBypass implements ScheduledExecutorService {

    private static final System.Logger LOG = System.getLogger(IdleTimeoutBypass.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    private static final String IDLE_TIMEOUT_COMMAND = TYRUS_SESSION + "$IdleTimeoutCommand";
    /** The session user property holding the {@code Runnable} told of every received frame. */
    private static final String RECEIVED = "ordercast.frame-received";
    private static volatile boolean unavailable;
    private static volatile Field commandSession;
    private static volatile Field sessionService;
    private static volatile IdleTimeoutBypass installed;

    private final Object owner;
    private final ScheduledExecutorService container;

    private IdleTimeoutBypass(Object owner, ScheduledExecutorService container) {
        this.owner = owner;
        this.container = container;
    }

    /**
     * Installs the bypass for a Tyrus session whose idle timeout is off, and for every session its container creates
     * after it. Tyrus re-schedules the idle-timeout task for every frame it receives, protocol pings and pongs
     * included, which JSR 356 never hands to the endpoint: {@code received} (if not null) runs then, so a client that
     * keeps the connection alive with RFC 6455 pings counts as live.
     */
    static void install(Session session, Runnable received) {
        if (unavailable || session.getMaxIdleTimeout() > 0) {
            return;
        }
        try {
            Field service = sessionService(session.getClass());
            if (service == null) {
                return;
            }
            if (received != null) {
                session.getUserProperties().put(RECEIVED, received);
            }
            // a session created before the container's executor was wrapped holds the executor itself
            if (service.get(session) instanceof ScheduledExecutorService own && !(own instanceof IdleTimeoutBypass)) {
                IdleTimeoutBypass shared = wrapContainer(session.getContainer());
                service.set(session, shared != null ? shared : new IdleTimeoutBypass(session, own));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable(e);
        }
    }

    /** {@code TyrusSession.service}, the executor a session schedules on; null where the session is not Tyrus's. */
    private static Field sessionService(Class<?> sessionType) throws NoSuchFieldException {
        Field service = sessionService;
        if (service != null && service.getDeclaringClass().isAssignableFrom(sessionType)) {
            return service;
        }
        Class<?> tyrus = TyrusHandlers.ancestor(sessionType, TYRUS_SESSION);
        if (tyrus == null) {
            return null;
        }
        service = TyrusHandlers.accessible(tyrus.getDeclaredField("service"));
        sessionService = service;
        return service;
    }

    /**
     * Replaces the executor Tyrus's container hands every new session (its managed scheduled executor, a final field
     * set from JNDI when the container was made) with the bypass; null where the container has none.
     */
    private static synchronized IdleTimeoutBypass wrapContainer(Object container) throws ReflectiveOperationException {
        if (installed != null && installed.owner == container) {
            return installed;
        }
        Class<?> base = TyrusHandlers.ancestor(container.getClass(), "org.glassfish.tyrus.core.BaseContainer");
        if (base == null) {
            return null;
        }
        Field managed = TyrusHandlers.accessible(base.getDeclaredField("managedScheduledExecutorService"));
        if (managed.get(container) instanceof IdleTimeoutBypass already) {
            return installed = already;
        }
        if (managed.get(container) instanceof ScheduledExecutorService executor) {
            IdleTimeoutBypass bypass = new IdleTimeoutBypass(container, executor);
            managed.set(container, bypass);
            return installed = bypass;
        }
        return null;
    }

    private static void unavailable(Exception e) {
        if (!unavailable) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus idle-timeout bypass unavailable: " + e);
        }
    }

    /** True, after telling the session it heard from its client, for the idle-timeout task of a session without one. */
    private static boolean idleCheckWithoutTimeout(Runnable command) {
        if (unavailable) {
            return false;
        }
        try {
            Field session = commandSession;
            if (session == null || session.getDeclaringClass() != command.getClass()) {
                if (!command.getClass().getName().equals(IDLE_TIMEOUT_COMMAND)) {
                    return false;
                }
                session = TyrusHandlers.accessible(command.getClass().getDeclaredField("this$0"));
                commandSession = session;
            }
            if (!(session.get(command) instanceof Session tyrus) || tyrus.getMaxIdleTimeout() > 0) {
                return false;
            }
            // the user properties are null while Tyrus's constructor schedules the first check
            Map<String, Object> properties = tyrus.getUserProperties();
            if (properties != null && properties.get(RECEIVED) instanceof Runnable received) {
                received.run();
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable(e);
            return false;
        }
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
