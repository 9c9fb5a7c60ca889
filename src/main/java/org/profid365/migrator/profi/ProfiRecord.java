package org.profid365.migrator.profi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a Profi export file (or one object of the HTTP API), as raw text values keyed by column name.
 *
 * <p>Values are kept exactly as the source wrote them; an empty cell is absent from {@link #fields()}.
 * Typed interpretation happens in the validator and the mapper, so that the staged copy is the
 * source's own words and a changed record can be detected by hashing them.
 */
public record ProfiRecord(ProfiObject object, Map<String, String> fields, String sourceFile, long sourceLine) {

    public ProfiRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value of a column, or null when the cell was empty or the column absent. */
    public String get(String column) {
        return fields.get(column);
    }

    /** The record's identity within its object type (see {@link ProfiObject#keyOf}); null when an id column is missing. */
    public String profiId() {
        return object.keyOf(fields);
    }

    /** Where the record came from, for error messages: {@code clients.csv line 12}. */
    public String location() {
        return sourceLine > 0 ? sourceFile + " line " + sourceLine : sourceFile;
    }
}
