package org.profid365.migrator.sim;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket for the whole simulated server that, once it refuses a request, keeps refusing until the
 * announced {@code Retry-After} has elapsed, so a client that retries early is caught.
 */
final class RequestRateLimiter {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double perSecond;
    /** A burst of up to one second's worth of requests (at least one) passes. */
    private final double capacity;
    private final int retryAfterSeconds;
    private double tokens;
    private long lastRefill;
    private long blockedUntil;
    private boolean blocked;

    RequestRateLimiter(double perSecond, int retryAfterSeconds, long now) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1.0, perSecond);
        this.retryAfterSeconds = retryAfterSeconds;
        this.tokens = capacity;
        this.lastRefill = now;
    }

    /**
     * Takes a token for a request arriving at {@code now} (a {@link System#nanoTime()} reading).
     *
     * @return 0 when the request may pass, else the seconds to announce in {@code Retry-After}
     */
    synchronized int admit(long now) {
        if (blocked && now - blockedUntil < 0) {
            long remaining = blockedUntil - now;
            return (int) Math.max(1, (remaining + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        }
        blocked = false;
        tokens = Math.min(capacity, tokens + (now - lastRefill) * perSecond / NANOS_PER_SECOND);
        lastRefill = now;
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        blocked = true;
        blockedUntil = now + retryAfterSeconds * NANOS_PER_SECOND;
        return retryAfterSeconds;
    }
}
