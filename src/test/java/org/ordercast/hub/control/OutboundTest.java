package org.ordercast.hub.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.Transport.Sent;
import org.ordercast.metrics.control.Traffic;

class OutboundTest {

    /** A transport that completes each send only when the test says so, recording what it was given. */
    static class HeldTransport implements Transport<EncodedMessage> {
        final ConcurrentLinkedQueue<Consumer<Throwable>> pending = new ConcurrentLinkedQueue<>();
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        final int batch;

        HeldTransport(int batch) {
            this.batch = batch;
        }

        @Override
        public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
            frames.forEach(f -> sent.add(f.text()));
            pending.add(done);
        }

        @Override
        public int maxBatch() {
            return batch;
        }

        void completeOne() {
            pending.poll().accept(null);
        }
    }

    static EncodedMessage frame(int n) {
        return new EncodedMessage("{\"n\":" + n + "}");
    }

    @Test
    void atMostOneSendIsInFlight() {
        var transport = new HeldTransport(1);
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 10, () -> { }, e -> { });
        for (int i = 1; i <= 3; i++) {
            outbound.offer(frame(i));
        }
        assertEquals(1, transport.pending.size());
        assertEquals(List.of("{\"n\":1}"), transport.sent);
        transport.completeOne();
        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), transport.sent);
        assertTrue(transport.pending.isEmpty());
    }

    @Test
    void overflowReportsOnceAndRefusesFurtherFrames() {
        var transport = new HeldTransport(1);
        var overflows = new AtomicInteger();
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 4, overflows::incrementAndGet, e -> { });
        for (int i = 1; i <= 5; i++) {
            assertTrue(outbound.offer(frame(i)), "frame " + i + ": one in flight, four waiting");
        }
        assertFalse(outbound.offer(frame(6)));
        assertFalse(outbound.offer(frame(7)));
        assertEquals(1, overflows.get());
        transport.completeOne();
        assertEquals(1, transport.sent.size(), "nothing more goes out once overflowed");
    }

    @Test
    void bytesWaitingPastTheByteCapOverflowBeforeTheFrameCap() {
        var transport = new HeldTransport(1) {
            @Override
            public int weight(EncodedMessage frame) {
                return frame.text().length();
            }
        };
        var overflows = new AtomicInteger();
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 100, 20, overflows::incrementAndGet, e -> { });
        assertTrue(outbound.offer(frame(1)), "sent at once: nothing waits");
        assertTrue(outbound.offer(frame(2)));
        assertTrue(outbound.offer(frame(3)), "two frames of 7 bytes wait: 14 of 20");
        assertFalse(outbound.offer(frame(4)), "21 bytes would wait");
        assertEquals(1, overflows.get());
    }

    @Test
    void framesWaitingTogetherGoOutAsOneBatch() {
        var transport = new HeldTransport(64);
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 100, () -> { }, e -> { });
        for (int i = 1; i <= 10; i++) {
            outbound.offer(frame(i));
        }
        assertEquals(1, transport.pending.size());
        transport.completeOne();
        assertEquals(10, transport.sent.size());
        assertEquals(1, transport.pending.size(), "frames 2..10 in one send");
    }

    @Test
    void sendsThatCompleteInlineDoNotRecurse() {
        var sent = new AtomicInteger();
        Transport<EncodedMessage> inline = new Transport<>() {
            @Override
            public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
                sent.addAndGet(frames.size());
                done.accept(null);
            }

            @Override
            public int maxBatch() {
                return 1;
            }
        };
        Outbound<EncodedMessage> outbound = new Outbound<>(inline, 1_000_000, () -> { }, e -> { });
        for (int i = 0; i < 200_000; i++) {
            outbound.offer(frame(i));
        }
        assertEquals(200_000, sent.get());
    }

    @Test
    void concurrentOffersLoseNothingAndKeepEachSendersOrder() throws Exception {
        var completer = java.util.concurrent.Executors.newSingleThreadExecutor();
        var received = Collections.synchronizedList(new ArrayList<String>());
        Transport<EncodedMessage> async = new Transport<>() {
            @Override
            public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
                frames.forEach(f -> received.add(f.text()));
                if (received.size() % 3 == 0) {
                    completer.execute(() -> done.accept(null));
                } else {
                    done.accept(null);
                }
            }

            @Override
            public int maxBatch() {
                return 8;
            }
        };
        Outbound<EncodedMessage> outbound = new Outbound<>(async, 1_000_000, () -> { }, e -> { });
        int senders = 4;
        int each = 20_000;
        var threads = new ArrayList<Thread>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            var thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    outbound.offer(new EncodedMessage(sender + ":" + i));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (received.size() < senders * each && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        completer.shutdown();
        assertEquals(senders * each, received.size(), "every frame sent once");
        int[] next = new int[senders];
        synchronized (received) {
            for (String text : received) {
                int sender = Integer.parseInt(text.substring(0, text.indexOf(':')));
                assertEquals(next[sender]++, Integer.parseInt(text.substring(text.indexOf(':') + 1)), "sender " + sender);
            }
        }
    }

    @Test
    void aFailedSendClosesTheQueue() {
        var transport = new HeldTransport(1);
        failTheFirstOfTwo(transport, transport.pending);
        assertEquals(1, transport.sent.size());
    }

    @Test
    void framesAndTheirBytesCountOnceWrittenAndNotWhenTheWriteFails() {
        var transport = new MessagesHeld(2);
        var registry = new SimpleMeterRegistry();
        var outbound = new Outbound<>(transport, 10, Long.MAX_VALUE, () -> { }, e -> { },
                new Traffic(registry, "websocket"));
        outbound.offer(new EncodedMessage("{\"n\":\"é\"}"));
        outbound.offer(frame(2));
        outbound.offer(frame(3));
        assertEquals(0, sent(registry, "ordercast.frames.sent"), "nothing counts before it is written");
        transport.completeOne();
        transport.completeOne();
        assertEquals(3, sent(registry, "ordercast.frames.sent"));
        assertEquals(10 + 7 + 7, sent(registry, "ordercast.bytes.sent"), "UTF-8 bytes: é takes two");
        outbound.offer(frame(4));
        transport.pending.poll().accept(new java.io.IOException("broken pipe"));
        assertEquals(3, sent(registry, "ordercast.frames.sent"), "a failed write is not counted");
    }

    @Test
    void aPublicationsLatencyIsTakenWhenItLeavesTheQueueForTheSocketNotWhenQueued() {
        var transport = new MessagesHeld(1);
        var registry = new SimpleMeterRegistry();
        var outbound = new Outbound<>(transport, 10, Long.MAX_VALUE, () -> { }, e -> { },
                new Traffic(registry, "websocket"));
        long accepted = System.currentTimeMillis() - 40;
        outbound.offer(new EncodedMessage("{\"n\":1}", accepted));
        outbound.offer(new EncodedMessage("{\"n\":2}", accepted));
        outbound.offer(frame(3));
        var latency = registry.get("ordercast.delivery.latency").tag("transport", "websocket").timer();
        assertEquals(1, latency.count(), "the first went to the socket at once; the second waits");
        assertTrue(latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) >= 40);
        transport.completeOne();
        assertEquals(2, latency.count(), "the second, as it left the queue");
        transport.completeOne();
        assertEquals(2, latency.count(), "a frame that carries no publication has no latency");
    }

    /**
     * A transport that writes single frames at once when told to: each {@link #sendNow} answers the next of
     * {@code answers} (WRITTEN once they run out), and keeps the callback it takes for a PENDING one.
     */
    static class WritesNow extends HeldTransport implements MessageTransport {
        final java.util.ArrayDeque<Sent> answers = new java.util.ArrayDeque<>();
        final List<String> now = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<Consumer<Throwable>> later = new ConcurrentLinkedQueue<>();
        boolean completeInside;

        WritesNow() {
            super(64);
        }

        @Override
        public Sent sendNow(EncodedMessage frame, java.util.function.Supplier<Consumer<Throwable>> rest) {
            Sent answer = answers.isEmpty() ? Sent.WRITTEN : answers.poll();
            if (answer == Sent.NOT_SENT) {
                return answer;
            }
            now.add(frame.text());
            if (answer == Sent.PENDING) {
                Consumer<Throwable> then = rest.get();
                if (completeInside) {
                    then.accept(null);
                } else {
                    later.add(then);
                }
            }
            return answer;
        }
    }

    @Test
    void framesTheSocketTakesAtOnceGoOutAloneAndCount() {
        var transport = new WritesNow();
        var registry = new SimpleMeterRegistry();
        var outbound = new Outbound<>(transport, 10, Long.MAX_VALUE, () -> { }, e -> { },
                new Traffic(registry, "websocket"));
        outbound.offer(frame(1));
        outbound.offer(frame(2));
        outbound.offer(new EncodedMessage("{\"n\":3}", System.currentTimeMillis() - 40));
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), transport.now);
        assertTrue(transport.sent.isEmpty(), "no batch");
        assertEquals(3, sent(registry, "ordercast.frames.sent"));
        assertEquals(21, sent(registry, "ordercast.bytes.sent"));
        var latency = registry.get("ordercast.delivery.latency").timer();
        assertEquals(1, latency.count(), "the one frame that carries a publication");
        assertTrue(latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) >= 40);
    }

    @Test
    void framesOfferedWhileOneIsPendingWaitAndFollowItInOrder() {
        var transport = new WritesNow();
        transport.answers.add(Sent.PENDING);
        var registry = new SimpleMeterRegistry();
        var outbound = new Outbound<>(transport, 10, Long.MAX_VALUE, () -> { }, e -> { },
                new Traffic(registry, "websocket"));
        for (int i = 1; i <= 4; i++) {
            outbound.offer(frame(i));
        }
        assertEquals(List.of("{\"n\":1}"), transport.now);
        assertEquals(3, outbound.depth());
        assertEquals(0, sent(registry, "ordercast.frames.sent"), "not counted before the rest is written");
        transport.later.poll().accept(null);
        assertEquals(1, sent(registry, "ordercast.frames.sent"));
        assertEquals(List.of("{\"n\":2}", "{\"n\":3}", "{\"n\":4}"), transport.sent, "one batch, in order");
        transport.completeOne();
        outbound.offer(frame(5));
        assertEquals(List.of("{\"n\":1}", "{\"n\":5}"), transport.now, "alone again once nothing waits");
        assertEquals(5, sent(registry, "ordercast.frames.sent"));
    }

    @Test
    void aPendingFrameCompletedBeforeSendNowReturnsLetsTheNextGo() {
        var transport = new WritesNow();
        transport.completeInside = true;
        transport.answers.add(Sent.PENDING);
        transport.answers.add(Sent.PENDING);
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 10, () -> { }, e -> { });
        for (int i = 1; i <= 3; i++) {
            outbound.offer(frame(i));
        }
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), transport.now);
        assertEquals(0, outbound.depth());
    }

    @Test
    void aFrameOfferedJustAfterAPendingOneCompletedInsideSendNowWaitsForThatSendToEnd() {
        var offeredInside = new ArrayList<Outbound<EncodedMessage>>();
        var transport = new WritesNow() {
            @Override
            public Sent sendNow(EncodedMessage frame, java.util.function.Supplier<Consumer<Throwable>> rest) {
                Sent answer = super.sendNow(frame, rest);
                if (answer == Sent.PENDING) {
                    // another publication arrives, as from another thread, before this send has returned
                    offeredInside.get(0).offer(frame(2));
                }
                return answer;
            }
        };
        transport.completeInside = true;
        transport.answers.add(Sent.PENDING);
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 10, () -> { }, e -> { });
        offeredInside.add(outbound);
        outbound.offer(frame(1));
        assertEquals(List.of("{\"n\":1}"), transport.now, "frame 2 did not start a send of its own inside frame 1's");
        assertEquals(List.of("{\"n\":2}"), transport.sent, "it waited, and went out once frame 1's send had returned");
        transport.completeOne();
        outbound.offer(frame(3));
        assertEquals(List.of("{\"n\":1}", "{\"n\":3}"), transport.now);
    }

    @Test
    void aFrameNotSentAtOnceGoesThroughSend() {
        var transport = new WritesNow();
        transport.answers.add(Sent.NOT_SENT);
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 10, () -> { }, e -> { });
        outbound.offer(frame(1));
        outbound.offer(frame(2));
        assertEquals(List.of("{\"n\":1}"), transport.sent);
        assertTrue(transport.now.isEmpty(), "frame 2 waits behind the send in flight");
        transport.completeOne();
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), transport.sent);
    }

    @Test
    void aPendingFrameThatFailsClosesTheQueueOnce() {
        var transport = new WritesNow();
        transport.answers.add(Sent.PENDING);
        failTheFirstOfTwo(transport, transport.later);
        assertTrue(transport.sent.isEmpty(), "what waited is dropped with the connection");
    }

    @Test
    void aSendNowThatThrowsClosesTheQueue() {
        var failures = new AtomicInteger();
        var transport = new WritesNow() {
            @Override
            public Sent sendNow(EncodedMessage frame, java.util.function.Supplier<Consumer<Throwable>> rest) {
                throw new IllegalStateException("socket gone");
            }
        };
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 10, () -> { }, e -> failures.incrementAndGet());
        assertTrue(outbound.offer(frame(1)));
        assertFalse(outbound.offer(frame(2)));
        assertEquals(1, failures.get());
    }

    /**
     * Offers two frames, fails the write of the first through the callback the transport kept for it, and checks
     * that the queue reported one failure and takes nothing more.
     */
    private static void failTheFirstOfTwo(Transport<EncodedMessage> transport,
                                          ConcurrentLinkedQueue<Consumer<Throwable>> callbacks) {
        var failures = new AtomicInteger();
        Outbound<EncodedMessage> outbound = new Outbound<>(transport, 10, () -> { }, e -> failures.incrementAndGet());
        outbound.offer(frame(1));
        outbound.offer(frame(2));
        callbacks.poll().accept(new java.io.IOException("broken pipe"));
        assertEquals(1, failures.get());
        assertFalse(outbound.offer(frame(3)));
    }

    /** Held sends of shared messages, weighed and dated as the WebSocket transports do. */
    static final class MessagesHeld extends HeldTransport implements MessageTransport {
        MessagesHeld(int batch) {
            super(batch);
        }
    }

    private static double sent(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("transport", "websocket").functionCounter().count();
    }
}
