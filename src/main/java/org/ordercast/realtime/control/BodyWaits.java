package org.ordercast.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.problem.boundary.FilteredBody;
import org.ordercast.problem.boundary.RefusedBody;

/**
 * Bounds the worker threads that wait for request bodies still on their way. Bodies are read with blocking calls, so
 * a client sending its body a byte at a time held a thread for as long as it liked: 40 such sockets, from one
 * address and with a customer's token or none, stopped a node of 32 worker threads, its health check included.
 * A read that would wait, none of the body's next bytes being here yet, first takes a place: at most
 * {@code ordercast.limits.body-waits-per-client} per client address (as {@link ClientAddresses} finds it) and
 * {@code ordercast.limits.body-waits} on the node. With no place free, the body is refused at once (429 at the
 * client's bound, 503 at the node's, both with {@code Retry-After}), and the thread goes back to serve others. Bytes
 * already here are read without a place, so a body sent with its headers, as most are, is never refused.
 */
@ApplicationScoped
public class BodyWaits {

    private static final int RETRY_AFTER_SECONDS = 1;

    @Inject
    Limits limits;

    @Inject
    ClientAddresses clients;

    @Inject
    Metrics metrics;

    private final SeatCounts byClient = new SeatCounts();
    private final AtomicInteger waiting = new AtomicInteger();

    /** Whether the request may carry a body: a length over 0, or none given on a method that takes one. */
    public static boolean mayHaveBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length >= 0) {
            return length > 0;
        }
        String method = request.getMethod();
        return !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
    }

    /** The request, its body read through a stream that takes a place before any read that would wait. */
    public HttpServletRequest watched(HttpServletRequest request) {
        return new Watched(request, this);
    }

    /** How many reads wait for a body on this node now. */
    public int waiting() {
        return waiting.get();
    }

    private String enter(HttpServletRequest request) throws RefusedBody {
        String client = clients.of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
        if (!byClient.claim(client, limits.bodyWaitsPerClient(), 0)) {
            metrics.refused("body-waits", "a body of " + request.getRequestURI() + " from " + client);
            throw RefusedBody.busy(429, "too many requests from " + client + " are waiting for their bodies "
                    + "(ordercast.limits.body-waits-per-client)", RETRY_AFTER_SECONDS);
        }
        if (waiting.incrementAndGet() > limits.bodyWaits()) {
            leave(client);
            metrics.refused("body-waits", "a body of " + request.getRequestURI() + " from " + client);
            throw RefusedBody.busy(503, "the server waits for as many request bodies as it may "
                    + "(ordercast.limits.body-waits): send the body with the request, or retry", RETRY_AFTER_SECONDS);
        }
        return client;
    }

    private void leave(String client) {
        byClient.release(client);
        waiting.decrementAndGet();
    }

    private static final class Watched extends FilteredBody {

        private final BodyWaits waits;

        Watched(HttpServletRequest request, BodyWaits waits) {
            super(request);
            this.waits = waits;
        }

        @Override
        protected ServletInputStream around(ServletInputStream body) {
            return new Input(body, getContentLengthLong(), (HttpServletRequest) getRequest(), waits);
        }
    }

    private static final class Input extends FilteredBody.Around {

        private final long length;
        private final HttpServletRequest request;
        private final BodyWaits waits;
        private long read;

        Input(ServletInputStream in, long length, HttpServletRequest request, BodyWaits waits) {
            super(in);
            this.length = length;
            this.request = request;
            this.waits = waits;
        }

        @Override
        public int read(byte[] into, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (length >= 0 && read >= length) {
                return -1;   // all of a body of given length is read: the next read would not wait, but end
            }
            if (in.available() > 0 || finished()) {
                return counted(in.read(into, offset, count));
            }
            String client = waits.enter(request);
            try {
                return counted(in.read(into, offset, count));
            } finally {
                waits.leave(client);
            }
        }

        private int counted(int n) {
            if (n > 0) {
                read += n;
            }
            return n;
        }

        private boolean finished() {
            try {
                return in.isFinished();
            } catch (IllegalStateException | UnsupportedOperationException e) {
                return false;
            }
        }
    }
}
