package org.ordercast.realtime.sendpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SettledCloseTest {

    /** The container's connection: counts its releases and remembers the class loader of the thread of each. */
    private static class Released implements WebConnection {
        final List<ClassLoader> loaders = new ArrayList<>();
        final ServletInputStream in = new Input();
        final ServletOutputStream out = new Output();

        @Override
        public ServletInputStream getInputStream() {
            return in;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }

        @Override
        public void close() {
            loaders.add(Thread.currentThread().getContextClassLoader());
        }
    }

    /** Tasks handed over to run later, with their delays; run by the test. */
    private static final class Scheduled implements SettledClose.Later {
        final List<Long> delays = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void run(long delayNanos, Runnable task) {
            delays.add(delayNanos);
            tasks.add(task);
        }
    }

    @Test
    void aReleaseAskedForRightAfterTheInitialisationWaitsUntilTheUpgradeHasSettled() throws Exception {
        var container = new Released();
        var later = new Scheduled();
        var connection = new SettledClose(container, System.nanoTime(), later);

        connection.close();

        assertEquals(List.of(), container.loaders, "not released by the thread that asked");
        assertEquals(1, later.delays.size());
        long delay = later.delays.get(0);
        assertTrue(delay > 0 && delay <= SettledClose.SETTLE.toNanos(), "released by the end of the settling time: "
                + delay);
        later.tasks.get(0).run();
        assertEquals(1, container.loaders.size(), "released once, when the time was up");
    }

    @Test
    void aReleaseAfterTheSettlingTimeIsCarriedOutAtOnce() throws Exception {
        var container = new Released();
        var later = new Scheduled();
        long settled = System.nanoTime() - SettledClose.SETTLE.toNanos() - TimeUnit.MILLISECONDS.toNanos(1);
        var connection = new SettledClose(container, settled, later);

        connection.close();

        assertEquals(1, container.loaders.size());
        assertEquals(List.of(), later.tasks, "nothing left for later");
    }

    @Test
    void theDeferredReleaseRunsWithTheClassLoaderOfTheThreadThatAskedAndGivesTheThreadItsOwnBack()
            throws Exception {
        var container = new Released();
        var later = new Scheduled();
        var connection = new SettledClose(container, System.nanoTime(), later);
        ClassLoader application = new ClassLoader(null) {
        };
        Thread asking = Thread.currentThread();
        ClassLoader own = asking.getContextClassLoader();
        asking.setContextClassLoader(application);
        try {
            connection.close();
        } finally {
            asking.setContextClassLoader(own);
        }

        var afterwards = new AtomicReference<ClassLoader>();
        var done = new CountDownLatch(1);
        Thread releasing = new Thread(() -> {
            later.tasks.get(0).run();
            afterwards.set(Thread.currentThread().getContextClassLoader());
            done.countDown();
        });
        ClassLoader releasingOwn = releasing.getContextClassLoader();
        releasing.start();
        assertTrue(done.await(10, TimeUnit.SECONDS));

        assertEquals(List.of(application), container.loaders);
        assertSame(releasingOwn, afterwards.get());
    }

    @Test
    void aFailedDeferredReleaseIsNotThrownAtTheThreadThatRunsIt() throws Exception {
        var later = new Scheduled();
        var failing = new Released() {
            @Override
            public void close() {
                throw new IllegalStateException("already closed by the container");
            }
        };
        new SettledClose(failing, System.nanoTime(), later).close();

        later.tasks.get(0).run();
    }

    @Test
    void theStreamsAreTheContainersOwn() throws Exception {
        var container = new Released();
        var connection = SettledClose.of(container);

        assertSame(container.in, connection.getInputStream());
        assertSame(container.out, connection.getOutputStream());
    }

    private static final class Input extends ServletInputStream {
        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }

        @Override
        public int read() {
            return -1;
        }
    }

    private static final class Output extends ServletOutputStream {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
        }
    }
}
