package org.profid365.migrator.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

/**
 * How much of the service-protection budget a run used, from the simulator's request log. The sliding window lets
 * a fresh user burst a whole window's budget at once, so the share is measured from the first 429 (the burst is
 * spent, the limits bind from then on) over whole windows: in any n windows the limits allow at most n × the
 * execution-time budget and n × the request budget. The share is that of the binding limit.
 *
 * <p>Requests the limiter admitted are counted (a 429, a 503, a 401 and a dropped connection are not), each
 * costing {@code max(1, records) × executionMillisPerRecord}, as the simulator charges them.
 */
record ProtectionUsage(Instant from, int windows, long windowMillis, long executionMillis, long maxExecutionMillis,
                       long requests, long maxRequests, long records, long throttled) {

    /** Null when the run never hit a limit or ended before a whole window had passed after it. */
    static ProtectionUsage of(List<DataverseRequestLog> log, String appUser, long windowMillis, int maxRequests,
                              long maxExecutionMillis, long executionMillisPerRecord) {
        List<DataverseRequestLog> mine = log.stream().filter(r -> appUser.equals(r.appUser()))
                .sorted(Comparator.comparing(DataverseRequestLog::start)).toList();
        Instant firstRefusal = mine.stream().filter(r -> r.status() == 429).map(DataverseRequestLog::start).findFirst()
                .orElse(null);
        if (firstRefusal == null) {
            return null;
        }
        Instant lastAdmitted = mine.stream().filter(ProtectionUsage::admitted).map(DataverseRequestLog::start)
                .reduce((a, b) -> b).orElse(firstRefusal);
        int windows = (int) (Duration.between(firstRefusal, lastAdmitted).toMillis() / windowMillis);
        if (windows < 1) {
            return null;
        }
        Instant end = firstRefusal.plusMillis(windows * windowMillis);
        long execution = 0;
        long requests = 0;
        long records = 0;
        long throttled = 0;
        for (DataverseRequestLog r : mine) {
            if (r.start().isBefore(firstRefusal) || !r.start().isBefore(end)) {
                continue;
            }
            if (admitted(r)) {
                execution += Math.max(1, r.records()) * executionMillisPerRecord;
                requests++;
                records += r.records();
            } else if (r.status() == 429) {
                throttled++;
            }
        }
        return new ProtectionUsage(firstRefusal, windows, windowMillis, execution, windows * maxExecutionMillis,
                requests, (long) windows * maxRequests, records, throttled);
    }

    private static boolean admitted(DataverseRequestLog r) {
        return r.status() != 0 && r.status() != 401 && r.status() != 429 && r.status() != 503;
    }

    double executionShare() {
        return 100.0 * executionMillis / maxExecutionMillis;
    }

    double requestShare() {
        return 100.0 * requests / maxRequests;
    }

    /** The share of the limit that binds (the one closest to full). */
    double share() {
        return Math.max(executionShare(), requestShare());
    }

    String bindingLimit() {
        return executionShare() >= requestShare() ? "execution time" : "requests";
    }

    double recordsPerSecond() {
        return records / (windows * windowMillis / 1000.0);
    }
}
