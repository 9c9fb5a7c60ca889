package org.profid365.migrator.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the staged Profi data holds: record counts per object type, the custom fields and their inferred types, the
 * known traps found (each with a count and example ids) and the files to move.
 *
 * @param migration             the migration's name
 * @param generatedAt           when the inventory was taken
 * @param leadThresholdSessions clients with fewer sessions than this become Leads
 * @param objects               counts per object type, in load order
 * @param customFields          one row per custom column of an object type (seen in data, declared, or both)
 * @param traps                 the traps found (count above zero), in {@link TrapKind} order
 * @param files                 the uploaded documents
 */
public record Inventory(String migration, Instant generatedAt, int leadThresholdSessions, List<ObjectCounts> objects,
                        List<CustomFieldProfile> customFields, List<Trap> traps, FileSummary files) {

    /** Most example ids a trap carries. */
    public static final int MAX_EXAMPLES = 20;

    public Inventory {
        objects = List.copyOf(objects);
        customFields = List.copyOf(customFields);
        traps = List.copyOf(traps);
    }

    public Optional<ObjectCounts> counts(String objectType) {
        return objects.stream().filter(o -> o.objectType().equals(objectType)).findFirst();
    }

    public Optional<CustomFieldProfile> customField(String objectType, String column) {
        return customFields.stream().filter(f -> f.objectType().equals(objectType) && f.column().equals(column)).findFirst();
    }

    /** Every trap of a kind (some kinds have one row per object type and field). */
    public List<Trap> traps(TrapKind kind) {
        return traps.stream().filter(t -> t.kind() == kind).toList();
    }

    /** The first trap of a kind, for the kinds that have one row. */
    public Optional<Trap> trap(TrapKind kind) {
        return traps.stream().filter(t -> t.kind() == kind).findFirst();
    }

    public Optional<Trap> trap(TrapKind kind, String objectType, String field) {
        return traps.stream().filter(t -> t.kind() == kind && Objects.equals(t.objectType(), objectType)
                && Objects.equals(t.field(), field)).findFirst();
    }

    /**
     * Record counts of one object type.
     *
     * @param staged              every staged row of the type
     * @param openDeadLetters     unresolved dead letters by stage ({@code stage}: validation, {@code reference}: orphans)
     */
    public record ObjectCounts(String objectType, long staged, long pending, long loaded, long rejected,
                               Map<String, Long> openDeadLetters) {
        public ObjectCounts {
            openDeadLetters = Collections.unmodifiableMap(new LinkedHashMap<>(openDeadLetters));
        }

        public long openDeadLetters(String stage) {
            return openDeadLetters.getOrDefault(stage, 0L);
        }
    }

    /**
     * One custom column ({@code cf_<key>}) of one object type.
     *
     * @param declaredType         the type in custom_fields.csv, or {@link #UNDECLARED}
     * @param inferredType         the type the values fit (number, decimal, date, datetime, boolean, long_text, text);
     *                             null when no record has a value
     * @param maxLength            longest value, in characters
     * @param valuesOutsideOptions select values seen that the definition's options lack (at most 50)
     * @param note                 a sentence when declared and inferred types disagree in a way that matters, else null
     */
    public record CustomFieldProfile(String objectType, String column, String label, String declaredType, List<String> options,
                                     String inferredType, long recordsWithValue, int maxLength, long distinctValues,
                                     List<String> valuesOutsideOptions, String note) {
        public static final String UNDECLARED = "undeclared";

        public CustomFieldProfile {
            options = List.copyOf(options);
            valuesOutsideOptions = List.copyOf(valuesOutsideOptions);
        }

        public boolean declared() {
            return !UNDECLARED.equals(declaredType);
        }
    }

    /**
     * One trap found.
     *
     * @param objectType the object type it concerns, or null
     * @param field      the column it concerns, or null
     * @param count      how many records (for duplicate emails: how many emails)
     * @param breakdown  counts behind the total, e.g. value → records for unknown values (at most 50 entries)
     * @param examples   up to {@link #MAX_EXAMPLES} ids of affected records
     */
    public record Trap(TrapKind kind, String objectType, String field, long count, Map<String, Long> breakdown,
                       List<String> examples) {
        public Trap {
            breakdown = Collections.unmodifiableMap(new LinkedHashMap<>(breakdown));
            examples = List.copyOf(examples);
        }
    }

    /** The traps the inventory looks for, with the sentence the reports show. */
    public enum TrapKind {
        SESSION_WITHOUT_PACKAGE("session_without_package", "Sessions with no package_id"),
        PACKAGE_LINK_REBUILDABLE("package_link_rebuildable", "Sessions whose package link can be rebuilt (loaded as inferred)"),
        PACKAGE_LINK_NOT_REBUILDABLE("package_link_not_rebuildable", "Sessions whose package link cannot be rebuilt"),
        SESSION_WITH_RECORDING("session_with_recording", "Sessions with a recording link (the link moves, not the video)"),
        ORPHAN_REFERENCE("orphan_reference", "References pointing at no record (orphans)"),
        DUPLICATE_EMAIL("duplicate_email", "Emails shared by several clients"),
        MISSING_LAST_NAME("missing_last_name", "Clients without a last name"),
        INVALID_EMAIL("invalid_email", "Invalid email addresses"),
        NAME_WITH_APOSTROPHE("name_with_apostrophe", "Names with an apostrophe"),
        NAME_WITH_NON_LATIN_LETTERS("name_with_non_latin_letters", "Names with non-Latin letters"),
        CO_MANAGED_CLIENT("co_managed_client", "Co-managed clients (co-coaches beside the owner)"),
        INACTIVE_COACH("inactive_coach", "Inactive coaches (their Dynamics user may be disabled)"),
        PROSPECT_LEAD("prospect_lead", "Prospects that become Leads (fewer sessions than the threshold)"),
        LARGE_NOTE("large_note", "Notes larger than 1 MB"),
        UNKNOWN_VALUE("unknown_value", "Values the contract does not document"),
        REJECTED_AT_STAGING("rejected_at_staging", "Records rejected at staging");

        private final String code;
        private final String title;

        TrapKind(String code, String title) {
            this.code = code;
            this.title = title;
        }

        /** Stable identifier used in the JSON report. */
        public String code() {
            return code;
        }

        public String title() {
            return title;
        }
    }

    /**
     * The uploaded documents of files.csv.
     *
     * @param overLimitBytes the size above which a file is counted as large
     */
    public record FileSummary(long count, long totalBytes, long overLimitBytes, long overLimit, List<String> overLimitExamples,
                              long urlInsteadOfPath, List<String> urlInsteadOfPathExamples) {
        public FileSummary {
            overLimitExamples = List.copyOf(overLimitExamples);
            urlInsteadOfPathExamples = List.copyOf(urlInsteadOfPathExamples);
        }
    }
}
