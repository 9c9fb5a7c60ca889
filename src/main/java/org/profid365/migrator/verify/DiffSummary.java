package org.profid365.migrator.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.profid365.migrator.verify.FieldComparison.Row;
import org.profid365.migrator.verify.FieldComparison.Status;

/** Counts of the compared fields by status, per table and per table and field: the top of the diff reports. */
public final class DiffSummary {

    /** The counts of one table or one field, by status. */
    public record Tally(String table, String field, long records, long[] counts) {

        public long count(Status s) {
            return counts[s.ordinal()];
        }

        public long total() {
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            return t;
        }
    }

    private final Map<String, long[]> byTable = new TreeMap<>();
    private final Map<String, Long> recordsByTable = new TreeMap<>();
    private final Map<String, Map<String, long[]>> byField = new TreeMap<>();

    public synchronized void add(Row r) {
        String table = r.table().isEmpty() ? "(not written)" : r.table();
        byTable.computeIfAbsent(table, k -> new long[Status.values().length])[r.status().ordinal()]++;
        byField.computeIfAbsent(table, k -> new TreeMap<>())
                .computeIfAbsent(r.field(), k -> new long[Status.values().length])[r.status().ordinal()]++;
    }

    /** One record of {@code table} was compared (or found not written). */
    public synchronized void record(String table) {
        recordsByTable.merge(table == null || table.isEmpty() ? "(not written)" : table, 1L, Long::sum);
    }

    public synchronized List<Tally> tables() {
        List<Tally> out = new ArrayList<>();
        byTable.forEach((t, c) -> out.add(new Tally(t, "", recordsByTable.getOrDefault(t, 0L), c.clone())));
        return out;
    }

    public synchronized List<Tally> fields() {
        List<Tally> out = new ArrayList<>();
        byField.forEach((t, fields) -> fields.forEach((f, c) -> out.add(new Tally(t, f, 0, c.clone()))));
        return out;
    }

    public synchronized long total(Status s) {
        long n = 0;
        for (long[] c : byTable.values()) {
            n += c[s.ordinal()];
        }
        return n;
    }

    public synchronized long records() {
        return recordsByTable.values().stream().mapToLong(Long::longValue).sum();
    }
}
