package org.profid365.migrator.sim.dataverse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One stored row, immutable: a write stores a new instance, so rolling back is putting the old one back.
 *
 * @param table   logical name of its table
 * @param id      primary key
 * @param values  column logical name to value (String, Integer, Long, BigDecimal, Double, Boolean, Instant,
 *                LocalDate, UUID, SimRef); absent = null
 * @param version the row version ({@code @odata.etag})
 */
record SimRecord(String table, UUID id, Map<String, Object> values, long version) {

    SimRecord {
        values = ColumnValues.of(values);
    }

    Object get(String column) {
        return values.get(column);
    }

    SimRecord with(Map<String, Object> changes, long newVersion) {
        return new SimRecord(table, id, merged(changes), newVersion);
    }

    /** A working copy of the values with {@code changes} applied, in order; a null change removes the column. */
    Map<String, Object> merged(Map<String, Object> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        changes.forEach((column, value) -> {
            if (value == null) {
                merged.remove(column);
            } else {
                merged.put(column, value);
            }
        });
        return merged;
    }
}
