package org.profid365.migrator.dataverse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spreads requests over the application users: each request goes to the user that is not blocked by a
 * {@code Retry-After} and has the most free concurrency, because each user has its own service-protection
 * budget. [api-limits]
 */
public final class AppUserPool {

    private final List<AppUser> users;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();

    public AppUserPool(List<AppUser> users, Clock clock) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("at least one application user is needed");
        }
        this.users = List.copyOf(users);
        this.clock = clock;
        for (AppUser u : this.users) {
            u.budget().onChange(this::signal);
        }
    }

    private void signal() {
        lock.lock();
        try {
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public List<AppUser> users() {
        return users;
    }

    public Optional<AppUser> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * A user with a permit already taken (the caller must {@code budget().release()} it): the open one with the
     * most free permits; when none is free, waits for a release or for the earliest gate to open.
     */
    public AppUser acquire() throws InterruptedException {
        while (true) {
            lock.lockInterruptibly();
            try {
                AppUser chosen = tryAcquire();
                if (chosen != null) {
                    return chosen;
                }
                released.await(waitMillis(), TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
        }
    }

    private AppUser tryAcquire() {
        List<AppUser> byFree = users.stream()
                .sorted(Comparator.comparingInt((AppUser u) -> u.budget().free()).reversed())
                .toList();
        for (AppUser u : byFree) {
            if (u.budget().free() > 0 && u.budget().tryAcquire()) {
                return u;
            }
        }
        return null;
    }

    /** Until the earliest blocked user opens again; a release wakes us sooner. */
    private long waitMillis() {
        Instant now = clock.instant();
        long soonest = 1_000;
        for (AppUser u : users) {
            Instant until = u.budget().blockedUntil();
            if (until.isAfter(now)) {
                soonest = Math.min(soonest, Duration.between(now, until).toMillis() + 1);
            }
        }
        return Math.max(1, soonest);
    }

    /** Permits not in use, summed over the users that are not blocked. */
    public int free() {
        return users.stream().mapToInt(u -> u.budget().free()).sum();
    }
}
