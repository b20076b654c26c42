package org.ordercast.fallback.control;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.EOFException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Tells a stream that its asynchronous response ended, however it ended: completed, timed out, or failed. */
record ResponseEnd(Consumer<Throwable> ended) implements AsyncListener {

    @Override
    public void onComplete(AsyncEvent event) {
        ended.accept(new EOFException("response completed"));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        ended.accept(new TimeoutException("response timed out"));
    }

    @Override
    public void onError(AsyncEvent event) {
        ended.accept(event.getThrowable() != null ? event.getThrowable() : new EOFException("client gone"));
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // a stream's response is never restarted
    }
}
