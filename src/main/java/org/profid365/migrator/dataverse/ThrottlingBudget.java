package org.profid365.migrator.dataverse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One application user's service-protection budget on the client side: a semaphore whose number of permits
 * changes (adaptive concurrency) and a gate that stays shut until a {@code Retry-After} has passed.
 *
 * <p>Dataverse counts requests, execution time and concurrency per user [api-limits]: the permits start at the
 * server's {@code x-ms-dop-hint} [send-parallel-requests], halve on a 429 that means too many at once (see
 * {@link DataverseError#meansTooManyAtOnce}), grow by one after a run of successes, and never exceed the cap (at
 * most 52). While the gate is shut no request of this user starts:
 * sending during a penalty makes it longer [api-limits].
 */
public final class ThrottlingBudget {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Clock clock;
    private final int cap;
    private final int growAfterSuccesses;

    private int limit;
    private int inFlight;
    private int successRun;
    private Instant blockedUntil = Instant.MIN;
    private long throttledCount;
    private volatile Runnable listener = () -> { };

    public ThrottlingBudget(int initialLimit, int cap, int growAfterSuccesses, Clock clock) {
        if (cap < 1 || cap > DataverseSettings.SERVICE_PROTECTION_CONCURRENCY) {
            throw new IllegalArgumentException("cap must be 1.." + DataverseSettings.SERVICE_PROTECTION_CONCURRENCY);
        }
        this.cap = cap;
        this.growAfterSuccesses = growAfterSuccesses;
        this.clock = clock;
        this.limit = clamp(initialLimit);
    }

    private int clamp(int n) {
        return Math.max(1, Math.min(cap, n));
    }

    /**
     * Waits until the gate is open and a permit is free, then takes the permit. Both are checked under one lock,
     * so a request never starts after another thread has shut the gate.
     */
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Instant now = clock.instant();
                if (now.isBefore(blockedUntil)) {
                    long waitNanos = Duration.between(now, blockedUntil).toNanos();
                    changed.awaitNanos(Math.max(1, waitNanos));
                } else if (inFlight >= limit) {
                    changed.await();
                } else {
                    inFlight++;
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits (holding whatever permit the caller has) until the Retry-After gate is open. */
    public void awaitOpen() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Instant now = clock.instant();
                if (!now.isBefore(blockedUntil)) {
                    return;
                }
                changed.awaitNanos(Math.max(1, Duration.between(now, blockedUntil).toNanos()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes a permit only if the gate is open and one is free now. */
    public boolean tryAcquire() {
        lock.lock();
        try {
            if (clock.instant().isBefore(blockedUntil) || inFlight >= limit) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            if (inFlight > 0) {
                inFlight--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.run();
    }

    /** Told whenever a permit may have become free (the pool waits on it when every user is busy). */
    void onChange(Runnable listener) {
        this.listener = listener;
    }

    /** Starts over at the server's recommended parallelism. [send-parallel-requests] */
    public void startAt(int dopHint) {
        lock.lock();
        try {
            limit = clamp(dopHint);
            successRun = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.run();
    }

    /**
     * A 429 or 503: nothing of this user starts before {@code until}; with {@code halve} (a 429 for too many at once)
     * the permits halve too [api-limits], once per penalty: the requests that were in flight when the gate shut
     * come back 429 too, and halving for each of them would drop to one permit at once.
     */
    public void throttled(Instant until, boolean halve) {
        lock.lock();
        try {
            boolean open = !clock.instant().isBefore(blockedUntil);
            if (until.isAfter(blockedUntil)) {
                blockedUntil = until;
            }
            if (halve && open) {
                limit = Math.max(1, limit / 2);
            }
            successRun = 0;
            throttledCount++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A success: after a run of them one more request may be in flight, up to the cap. */
    public void succeeded() {
        lock.lock();
        try {
            successRun++;
            if (successRun >= growAfterSuccesses) {
                successRun = 0;
                if (limit < cap) {
                    limit++;
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isBlocked() {
        lock.lock();
        try {
            return clock.instant().isBefore(blockedUntil);
        } finally {
            lock.unlock();
        }
    }

    /** When the gate opens again ({@link Instant#MIN} when it is open). */
    public Instant blockedUntil() {
        lock.lock();
        try {
            return blockedUntil;
        } finally {
            lock.unlock();
        }
    }

    /** Permits not in use now (0 while the gate is shut). */
    public int free() {
        lock.lock();
        try {
            return clock.instant().isBefore(blockedUntil) ? 0 : Math.max(0, limit - inFlight);
        } finally {
            lock.unlock();
        }
    }

    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int cap() {
        return cap;
    }

    public long throttledCount() {
        lock.lock();
        try {
            return throttledCount;
        } finally {
            lock.unlock();
        }
    }

}
