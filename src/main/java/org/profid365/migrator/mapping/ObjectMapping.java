package org.profid365.migrator.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one Profi object type becomes Dynamics records.
 *
 * @param rule    the built-in behaviour beyond field-by-field copying, named so the file says it
 *                (e.g. {@code one-task-per-participant}, {@code payments-and-unpaid-invoices}); null for none
 * @param split   which target a record goes to when there are several (clients: contact or lead)
 * @param targets per target table logical name, its fields
 * @param match   optional "match existing": columns that identify a record already in Dynamics, which is then
 *                updated (with before-images) instead of created
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"rule", "split", "match", "targets"})
public record ObjectMapping(String rule, Split split, Map<String, MatchRule> match, Map<String, TargetMapping> targets) {

    public ObjectMapping {
        targets = targets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(targets);
        match = match == null ? Map.of() : new LinkedHashMap<>(match);
    }

    /**
     * The Lead/Contact split: records with at least {@code threshold} sessions go to {@code atLeast}, the rest to
     * {@code below}.
     */
    public record Split(String by, int threshold, String atLeast, String below) {
    }

    /** Columns of the target whose equal values mean "the same record" (compared case-insensitively, trimmed). */
    public record MatchRule(java.util.List<String> columns) {
    }

    /**
     * The fields of one target table.
     *
     * @param fields per Profi field (CSV column, {@code cf_*} included), how it is written
     * @param skip   Profi fields deliberately not migrated, each with the reason a reader is shown
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"fields", "skip"})
    public record TargetMapping(Map<String, FieldMapping> fields, Map<String, String> skip) {
        public TargetMapping {
            fields = fields == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fields);
            skip = skip == null ? new LinkedHashMap<>() : new LinkedHashMap<>(skip);
        }
    }
}
