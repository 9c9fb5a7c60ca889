package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * What every rule needs besides the record: the approved mapping, the field-level mapper (for rows a rule makes
 * from another object, such as invoice-only payments), deterministic ids, entity sets, the related records, the
 * bytes of exported files and the org's attachment limit.
 *
 * @param entitySets              table logical name → entity set ({@code contact} → {@code contacts})
 * @param fileBytes               a path of {@code files.csv} (relative to {@code files/}) → its bytes, or null when
 *                                the file is not in the export
 * @param orgAttachmentLimitBytes the org's attachment limit, measured on the base64 size (default 5 MB)
 */
public record RuleContext(MappingFile mapping, RecordMapper mapper, RecordIds ids, Function<String, String> entitySets,
                          ZoneId zone, RelatedRecords related, Function<String, byte[]> fileBytes,
                          long orgAttachmentLimitBytes) {

    /** The Dataverse default attachment limit: 5 MB of base64. */
    public static final long DEFAULT_ORG_ATTACHMENT_LIMIT = 5L * 1024 * 1024;

    static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    public RuleContext {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(entitySets, "entitySets");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(related, "related");
    }

    /** A record the rules cannot write: it goes to the dead letters with {@link #rejection()}. */
    public static final class Rejected extends Exception {
        private final transient RecordRejection rejection;

        public Rejected(RecordRejection rejection) {
            super(rejection.reason(), null, false, false);
            this.rejection = rejection;
        }

        public RecordRejection rejection() {
            return rejection;
        }
    }

    /** A rejection of {@code record} naming its field, in the mapper's wording. */
    public static Rejected reject(ProfiRecord record, String field, String reason) {
        String type = record.object().typeName();
        return new Rejected(new RecordRejection(type + ":" + record.profiId(), field,
                type + " " + record.profiId() + " (" + record.location() + "): " + reason));
    }

    /** The entity set of a table; an unknown table is a configuration error. */
    public String entitySet(String table) {
        String set = entitySets.apply(table);
        if (set == null) {
            throw new IllegalStateException("no entity set known for table " + table);
        }
        return set;
    }

    /** {@code /<entity set>(<id>)} of the record made from a Profi record of {@code objectType}. */
    public String bind(String table, String objectType, String profiId) {
        return "/" + entitySet(table) + "(" + ids.of(objectType, profiId) + ")";
    }

    /** The table a client went to, {@code contact} or {@code lead} (a null answer means contact). */
    public String clientTable(String clientId) {
        String t = related.clientTable(clientId);
        return t == null ? "contact" : t;
    }

    /** The option {@code attachmentInlineMaxBytes}. */
    public long attachmentInlineMaxBytes() {
        Long v = mapping.options().attachmentInlineMaxBytes();
        return v == null ? MappingFile.MappingOptions.defaults().attachmentInlineMaxBytes() : v;
    }

    /** The field mapping of {@code field} on {@code table} of {@code objectType}, or null when the file has none. */
    public FieldMapping field(String objectType, String table, String field) {
        ObjectMapping om = mapping.objects().get(objectType);
        if (om == null || om.targets().get(table) == null) {
            return null;
        }
        return om.targets().get(table).fields().get(field);
    }

    /**
     * A related value ({@code invoice.number}) converted as its field mapping says: transforms, value map (unknown
     * values follow {@code unknown}: {@code empty} leaves it out, anything else rejects), {@code maxLength} with
     * {@code tooLong}. Null when the value is empty or maps to nothing; flags go to {@code flags}.
     *
     * @param record the record being written, for messages
     */
    public JsonNode convert(ProfiRecord record, String fieldName, FieldMapping f, String raw, List<String> flags)
            throws Rejected {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Object value = raw;
        List<String> transforms = f.transform() == null ? List.of() : f.transform();
        for (String t : transforms) {
            try {
                value = Transforms.apply(t, value, zone);
            } catch (TransformException e) {
                throw reject(record, fieldName, "field " + fieldName + " value '" + raw + "' " + e.getMessage());
            }
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        if (f.values() != null) {
            if (f.values().containsKey(text)) {
                Integer option = f.values().get(text);
                if (option == null) {
                    flags.add("value '" + text + "' of " + fieldName + " maps to no option: left empty");
                    return null;
                }
                return JSON.numberNode(option);
            }
            if ("empty".equals(f.unknown()) || "keep-text".equals(f.unknown())) {
                flags.add("value '" + text + "' of " + fieldName + " has no target: left empty");
                return null;
            }
            throw reject(record, fieldName, "field " + fieldName + " value '" + text
                    + "' has no option in the value map of " + f.column() + " (unknown: reject)");
        }
        if (text.isEmpty()) {
            return null;
        }
        return JSON.textNode(limit(record, fieldName, f.column(), text, f.maxLength(), f.tooLong(), flags));
    }

    /** {@code text} within {@code max} characters: cut and flagged when {@code tooLong} is truncate, else rejected. */
    public static String limit(ProfiRecord record, String fieldName, String column, String text, Integer max,
                               String tooLong, List<String> flags) throws Rejected {
        if (max == null || text.length() <= max) {
            return text;
        }
        if (!"truncate".equals(tooLong)) {
            throw reject(record, fieldName, "field " + fieldName + " is " + text.length()
                    + " characters long, over the limit of " + max + " of column " + column);
        }
        int cut = max;
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        flags.add("truncated " + column + " to " + max + " characters (" + fieldName + " had " + text.length() + ")");
        return text.substring(0, cut);
    }

    /**
     * "<first> <last>": each part trimmed, runs of white space made single; empty when both are empty.
     */
    public static String fullName(String first, String last) {
        String s = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return s.replaceAll("\\s+", " ");
    }

    /** {@code m} with further flags. */
    public static MappedRecord withFlags(MappedRecord m, List<String> more) {
        if (more.isEmpty()) {
            return m;
        }
        List<String> all = new ArrayList<>(m.flags());
        all.addAll(more);
        return new MappedRecord(m.table(), m.id(), m.payload(), all);
    }

    /** The primary-name length of a custom table the mapping file declares, or null. */
    public Integer primaryNameMaxLength(String objectType, String table) {
        ObjectMapping om = mapping.objects().get(objectType);
        if (om == null || om.targets().get(table) == null || om.targets().get(table).table() == null) {
            return null;
        }
        return om.targets().get(table).table().primaryNameMaxLength();
    }
}
