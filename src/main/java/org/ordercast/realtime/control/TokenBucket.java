package org.ordercast.realtime.control;

/** Allows {@code rate} events a second on average, {@code burst} at once. Used by one connection's reader. */
public final class TokenBucket {

    private final double rate;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    public TokenBucket(int rate, int burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    public synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
