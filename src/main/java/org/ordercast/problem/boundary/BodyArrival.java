package org.ordercast.problem.boundary;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a request's body without holding a worker thread while it arrives. Reading it with blocking calls held a
 * thread for as long as the client took to send it: 32 clients (the size of Payara's worker pool as the project
 * configures it) each sending a byte of a body, with a customer's token or none at all, stopped every other
 * request of the node, publishing and health checks included. A body that is here already (as a small one
 * usually is, in the packets of its headers) is read at once on the calling thread; any other is read with the
 * servlet container's non-blocking input as it comes, within a time limit, and handed on from the container's
 * read callback.
 */
public final class BodyArrival {

    private BodyArrival() {
    }

    /** What becomes of the request once its body is all here. */
    public interface Then {

        /**
         * The whole body. {@code async} is null when it was here at once (on the calling thread); else it is the
         * request's async context, called from the container's read callback, and this ends it (complete or
         * dispatch).
         */
        void body(byte[] body, AsyncContext async) throws IOException, ServletException;

        /** The body is longer than the limit: the answer, written here (the connection goes with it). */
        void tooLarge(HttpServletResponse response) throws IOException;
    }

    /**
     * Reads the request's body, of at most {@code limit} bytes, within {@code timeoutSeconds} of the request (408
     * after it, and the connection closed), then calls {@code then}.
     */
    public static void read(HttpServletRequest request, HttpServletResponse response, int limit,
                            int timeoutSeconds, Then then) throws IOException, ServletException {
        long length = request.getContentLengthLong();
        if (length > limit) {
            response.setHeader("Connection", "close");
            then.tooLarge(response);
            return;
        }
        ServletInputStream in = request.getInputStream();
        if (length == 0 || length > 0 && in.available() >= length) {
            then.body(Bodies.readAtMost(in, length, limit), null);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutSeconds * 1000L);
        var reading = new Reading(in, async, response, limit, timeoutSeconds, then);
        async.addListener(reading);
        in.setReadListener(reading);
    }

    /** One body arriving; whichever of all data read, too large, failure and time-out comes first settles it. */
    private static final class Reading implements ReadListener, AsyncListener {

        private final ServletInputStream in;
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final int limit;
        private final int timeoutSeconds;
        private final Then then;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean settled = new AtomicBoolean();

        Reading(ServletInputStream in, AsyncContext async, HttpServletResponse response, int limit,
                int timeoutSeconds, Then then) {
            this.in = in;
            this.async = async;
            this.response = response;
            this.limit = limit;
            this.timeoutSeconds = timeoutSeconds;
            this.then = then;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!settled.get() && in.isReady()) {
                int read = in.read(chunk);
                if (read < 0) {
                    return;
                }
                if (body.size() + read > limit) {
                    if (settled.compareAndSet(false, true)) {
                        response.setHeader("Connection", "close");
                        try {
                            then.tooLarge(response);
                        } finally {
                            async.complete();
                        }
                    }
                    return;
                }
                body.write(chunk, 0, read);
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (settled.compareAndSet(false, true)) {
                try {
                    then.body(body.toByteArray(), async);
                } catch (ServletException e) {
                    throw new IOException(e);
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            // the client went away, or its connection failed: nobody is left to answer
            if (settled.compareAndSet(false, true)) {
                complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            try {
                if (settled.compareAndSet(false, true) && !response.isCommitted()) {
                    // the rest of the body may still come: the connection goes with this answer
                    response.setHeader("Connection", "close");
                    Problems.write(response, 408, "the request body did not arrive within " + timeoutSeconds
                            + " s (ordercast.api.body-timeout-seconds)");
                }
            } finally {
                // also a request whose body came but whose answer is still awaited (from another node) ends here
                complete();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // completed or dispatched already
            }
        }
    }
}
