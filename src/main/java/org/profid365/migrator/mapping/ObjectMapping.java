package org.profid365.migrator.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one Profi object type becomes Dynamics records.
 *
 * @param rules   the built-in behaviours beyond field-by-field copying, named so the file says them
 *                (e.g. {@code one-task-per-participant}, {@code payments-and-unpaid-invoices}); docs/mapping.md
 * @param split   which target a record goes to when there are several (clients: contact or lead)
 * @param targets per target table logical name, its fields
 * @param match   optional "match existing": columns that identify a record already in Dynamics, which is then
 *                updated (with before-images) instead of created
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"rules", "split", "match", "targets"})
public record ObjectMapping(java.util.List<String> rules, Split split, Map<String, MatchRule> match,
                            Map<String, TargetMapping> targets) {

    public ObjectMapping {
        rules = rules == null ? java.util.List.of() : java.util.List.copyOf(rules);
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
     * @param table   for a custom table the migrator creates: its names and primary-name column
     * @param fields  per Profi field (CSV column, {@code cf_*} included), how it is written
     * @param columns custom columns written by rules, {@code also} or {@code unknownTextColumn} rather than by
     *                one field, declared here so schema provisioning creates them
     * @param skip    Profi fields deliberately not migrated, each with the reason a reader is shown
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"table", "fields", "columns", "skip"})
    public record TargetMapping(NewTable table, Map<String, FieldMapping> fields, Map<String, FieldMapping.NewColumn> columns,
                                Map<String, String> skip) {
        public TargetMapping {
            fields = fields == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fields);
            columns = columns == null ? new LinkedHashMap<>() : new LinkedHashMap<>(columns);
            skip = skip == null ? new LinkedHashMap<>() : new LinkedHashMap<>(skip);
        }
    }

    /**
     * A custom table schema provisioning creates (user-owned, with notes and activities).
     *
     * @param primaryName the logical name of its primary-name column ({@code profi_name})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewTable(String label, String pluralLabel, String primaryName, String primaryNameLabel,
                           Integer primaryNameMaxLength) {
    }
}
