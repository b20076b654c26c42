package org.ordercast.broker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A channel's queue handed over in order, once, on the pool or on the publishing thread ({@link FanOutOnCaller}). */
class SerialQueueTest {

    /** An executor that runs nothing until told: what it holds is what went to the pool. */
    private static final class Pool implements Executor {

        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
    }

    private final Pool pool = new Pool();
    private final List<Integer> handed = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> on = Collections.synchronizedList(new ArrayList<>());
    private final SerialQueue<Integer> queue = new SerialQueue<>(pool, item -> {
        handed.add(item);
        on.add(Thread.currentThread());
    });

    private void add(int from, int to) {
        for (int i = from; i < to; i++) {
            queue.add(i);
            queue.drainLater();
        }
    }

    @Test
    void withoutAnOpenScopeThePoolHandsOver() {
        add(0, 3);
        assertEquals(List.of(), handed, "not on the adding thread");
        assertEquals(1, pool.tasks.size(), "one drain for the three");
        pool.runAll();
        assertEquals(List.of(0, 1, 2), handed);
    }

    @Test
    void anOpenScopeHandsOverOnItsOwnThreadWhenItClosesAndNotBefore() {
        try (var fanOut = FanOutOnCaller.open()) {
            add(0, 3);
            assertEquals(List.of(), handed, "the answer goes first");
            assertEquals(0, pool.tasks.size(), "nothing for the pool");
        }
        assertEquals(List.of(0, 1, 2), handed);
        assertEquals(List.of(Thread.currentThread()), on.stream().distinct().toList());
        add(3, 4);
        assertEquals(1, pool.tasks.size(), "closed: the next goes to the pool again");
    }

    @Test
    void aDrainUnderWayElsewhereTakesWhatTheScopeNoted() {
        add(0, 1);
        assertEquals(1, pool.tasks.size(), "a drain claimed by the pool, not yet run");
        try (var fanOut = FanOutOnCaller.open()) {
            add(1, 3);
        }
        assertEquals(List.of(), handed, "the scope does not run beside the pool's drain");
        pool.runAll();
        assertEquals(List.of(0, 1, 2), handed, "the pool's drain took all, in order");
    }

    @Test
    void aScopeHandsOverAtMostItsShareAndLeavesTheRestToThePool() {
        int total = FanOutOnCaller.MOST + 10;
        try (var fanOut = FanOutOnCaller.open()) {
            add(0, total);
        }
        assertEquals(FanOutOnCaller.MOST, handed.size(), "the request thread stops after its share");
        assertEquals(1, pool.tasks.size(), "the rest went to the pool");
        pool.runAll();
        assertEquals(IntStream.range(0, total).boxed().toList(), handed);
    }

    @Test
    void aNestedScopeHandsOverWhatItNotedAndTheOuterOneTheRest() {
        var second = new SerialQueue<Integer>(pool, handed::add);
        try (var outer = FanOutOnCaller.open()) {
            try (var inner = FanOutOnCaller.open()) {
                add(0, 2);
            }
            assertEquals(List.of(0, 1), handed, "the inner scope's close");
            second.add(100);
            second.drainLater();
            assertEquals(List.of(0, 1), handed, "the outer scope is open again");
        }
        assertEquals(List.of(0, 1, 100), handed);
        assertTrue(pool.tasks.isEmpty());
    }
}
