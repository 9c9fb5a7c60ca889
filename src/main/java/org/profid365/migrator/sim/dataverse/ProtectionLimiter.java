package org.profid365.migrator.sim.dataverse;

import java.text.NumberFormat;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dataverse's service protection limits, per application user over a sliding window: number of requests, combined
 * execution time, concurrent requests [api-limits]. As documented, the request that crosses a window limit still
 * runs and the following ones get 429; a request sent before its Retry-After has passed is refused again; a
 * concurrency error comes back at once and sets no penalty.
 */
final class ProtectionLimiter {

    private final DataverseSimOptions options;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    ProtectionLimiter(DataverseSimOptions options) {
        this.options = options;
    }

    /** A request admitted and in flight; report its execution time, then release it. */
    interface Ticket {
        void executed(long millis);

        void release();

        /** Requests left in the window after this one, for {@code x-ms-ratelimit-burst-remaining-xrm-requests}. */
        int remainingRequests();
    }

    private static final class Entry {
        final long at;
        volatile long executionMillis;

        Entry(long at) {
            this.at = at;
        }
    }

    private static final class Budget {
        final ArrayDeque<Entry> window = new ArrayDeque<>();
        int inFlight;
        long blockedUntil;
        String blockedCode;
        String blockedMessage;
    }

    static long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }

    Ticket admit(String appUser, long now) {
        Budget budget = budgets.computeIfAbsent(appUser, u -> new Budget());
        synchronized (budget) {
            long windowMillis = options.windowMillis();
            while (!budget.window.isEmpty() && budget.window.peekFirst().at <= now - windowMillis) {
                budget.window.removeFirst();
            }
            if (budget.blockedCode != null && now < budget.blockedUntil) {
                throw tooMany(budget.blockedCode, budget.blockedMessage, budget.blockedUntil - now);
            }
            budget.blockedCode = null;
            if (budget.inFlight >= options.maxConcurrent()) {
                throw tooMany(DataverseFault.CONCURRENCY_LIMIT_CODE, "Number of concurrent requests exceeded the limit of "
                        + options.maxConcurrent() + ".", 1_000);
            }
            int maxRequests = options.maxRequests();
            if (budget.window.size() >= maxRequests) {
                Entry freeing = nth(budget.window, budget.window.size() - maxRequests);
                block(budget, DataverseFault.REQUESTS_LIMIT_CODE, "Number of requests exceeded the limit of " + maxRequests
                        + " over time window of " + windowMillis / 1000 + " seconds.", freeing.at + windowMillis);
                throw tooMany(budget.blockedCode, budget.blockedMessage, budget.blockedUntil - now);
            }
            long total = 0;
            for (Entry entry : budget.window) {
                total += entry.executionMillis;
            }
            long maxExecution = options.maxExecutionMillis();
            if (total >= maxExecution) {
                long freedUntil = now;
                for (Entry entry : budget.window) {
                    total -= entry.executionMillis;
                    freedUntil = entry.at + windowMillis;
                    if (total < maxExecution) {
                        break;
                    }
                }
                block(budget, DataverseFault.EXECUTION_LIMIT_CODE, "Combined execution time of incoming requests exceeded "
                        + "limit of " + NumberFormat.getIntegerInstance(Locale.US).format(maxExecution) + " milliseconds over "
                        + "time window of " + windowMillis / 1000 + " seconds. Decrease number of concurrent requests or "
                        + "reduce the duration of requests and try again later.", freedUntil);
                throw tooMany(budget.blockedCode, budget.blockedMessage, budget.blockedUntil - now);
            }
            Entry entry = new Entry(now);
            budget.window.addLast(entry);
            budget.inFlight++;
            int remaining = maxRequests - budget.window.size();
            return new Ticket() {
                private boolean released;

                @Override
                public void executed(long millis) {
                    entry.executionMillis = millis;
                }

                @Override
                public void release() {
                    synchronized (budget) {
                        if (!released) {
                            released = true;
                            budget.inFlight--;
                        }
                    }
                }

                @Override
                public int remainingRequests() {
                    return remaining;
                }
            };
        }
    }

    private static Entry nth(ArrayDeque<Entry> window, int index) {
        Iterator<Entry> it = window.iterator();
        Entry entry = it.next();
        for (int i = 0; i < index; i++) {
            entry = it.next();
        }
        return entry;
    }

    private static void block(Budget budget, String code, String message, long until) {
        budget.blockedCode = code;
        budget.blockedMessage = message;
        budget.blockedUntil = until;
    }

    /** 429 with the seconds until the window frees, at least 1. */
    private static DataverseFault tooMany(String code, String message, long remainingMillis) {
        long seconds = Math.max(1, (remainingMillis + 999) / 1000);
        return new DataverseFault(429, code, message, Map.of("Retry-After", Long.toString(seconds)));
    }
}
