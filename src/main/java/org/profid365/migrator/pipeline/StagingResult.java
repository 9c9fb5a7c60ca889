package org.profid365.migrator.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one staging run did, per object type.
 *
 * @param read      records read from the source
 * @param added     records staged for the first time
 * @param changed   records whose content changed since they were last staged
 * @param unchanged records identical to their staged copy
 * @param rejected  records that went to the dead-letter store (bad value, duplicate id, reference to nothing)
 */
public record StagingResult(long runId, long exportId, Map<String, Counts> byObject) {

    /** Counters of one object type. */
    public record Counts(long read, long added, long changed, long unchanged, long rejected) {
    }

    public long total(java.util.function.ToLongFunction<Counts> f) {
        return byObject.values().stream().mapToLong(f).sum();
    }

    public long rejected() {
        return total(Counts::rejected);
    }

    /** Flat counters for the run ledger. */
    public Map<String, Object> asCounters() {
        Map<String, Object> m = new LinkedHashMap<>();
        byObject.forEach((k, v) -> m.put(k, Map.of("read", v.read(), "added", v.added(), "changed", v.changed(),
                "unchanged", v.unchanged(), "rejected", v.rejected())));
        return m;
    }
}
