package org.profid365.migrator.sim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.profid365.migrator.profi.ProfiObject;

/**
 * What {@link ExportGenerator} wrote: the rows per export file and the planted trap instances per trap kind.
 *
 * @param records rows written per file (every {@link ProfiObject}, zero included)
 * @param traps   trap instances per kind ({@code orphan_session}, {@code duplicate_email}, ...), zero included
 */
public record GeneratedCounts(Map<ProfiObject, Long> records, Map<String, Long> traps) {

    public GeneratedCounts {
        Map<ProfiObject, Long> copy = new EnumMap<>(ProfiObject.class);
        copy.putAll(records);
        records = Collections.unmodifiableMap(copy);
        traps = Collections.unmodifiableMap(new LinkedHashMap<>(traps));
    }

    /** Rows in one file. */
    public long of(ProfiObject object) {
        return records.getOrDefault(object, 0L);
    }

    /** Trap instances of one kind. */
    public long trap(String kind) {
        return traps.getOrDefault(kind, 0L);
    }

    /** Rows over all files. */
    public long total() {
        return records.values().stream().mapToLong(Long::longValue).sum();
    }
}
