package org.tracerelay.intake;

/** A token bucket: {@code rate} tokens per second, holding at most {@code capacity}. */
final class TokenBucket {

    private final double rate;
    private final double capacity;
    private double tokens;
    private long last;
    private boolean started;

    TokenBucket(double rate, double capacity) {
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
    }

    /** Takes {@code n} tokens if there are enough; else takes none and says how long until there would be. */
    synchronized long take(int n, long nowNanos) {
        if (started) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) / 1e9 * rate);
        }
        started = true;
        last = nowNanos;
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        return (long) Math.ceil((n - tokens) / rate * 1000);
    }
}
