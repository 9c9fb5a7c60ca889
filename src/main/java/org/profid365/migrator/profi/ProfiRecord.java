package org.profid365.migrator.profi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a Profi export file (or one object of the HTTP API), as raw text values keyed by column name.
 *
 * <p>Values are kept exactly as the source wrote them; an empty cell is absent from {@link #fields()}.
 * Typed interpretation happens in the validator and the mapper, so that the staged copy is the
 * source's own words and a changed record can be detected by hashing them.
 */
public final class ProfiRecord {

    private final ProfiObject object;
    private final Map<String, String> fields;
    private final String sourceFile;
    private final long sourceLine;
    /** Computed once: the load asks for it many times per record (keys, dead letters, lookups). */
    private final String profiId;

    public ProfiRecord(ProfiObject object, Map<String, String> fields, String sourceFile, long sourceLine) {
        this(object, sourceFile, sourceLine, Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
    }

    /** {@code ownFields}: read-only, and no one else holds them. */
    private ProfiRecord(ProfiObject object, String sourceFile, long sourceLine, Map<String, String> ownFields) {
        this.object = object;
        this.fields = ownFields;
        this.sourceFile = sourceFile;
        this.sourceLine = sourceLine;
        this.profiId = object.keyOf(this.fields);
    }

    /**
     * A record over {@code fields} itself, not a copy: for a map the caller has just built and hands over, keeping no
     * reference. Every reader builds one per record (the export's rows, the API's objects, the load's parsed payloads);
     * in the load the copy was about a quarter of what reading a record back allocated.
     */
    public static ProfiRecord adopting(ProfiObject object, LinkedHashMap<String, String> fields, String sourceFile,
                                       long sourceLine) {
        return new ProfiRecord(object, sourceFile, sourceLine, Collections.unmodifiableMap(fields));
    }

    public ProfiObject object() {
        return object;
    }

    /** The non-empty cells by column name, in the source's column order. */
    public Map<String, String> fields() {
        return fields;
    }

    public String sourceFile() {
        return sourceFile;
    }

    public long sourceLine() {
        return sourceLine;
    }

    /** The value of a column, or null when the cell was empty or the column absent. */
    public String get(String column) {
        return fields.get(column);
    }

    /** The record's identity within its object type (see {@link ProfiObject#keyOf}); null when an id column is missing. */
    public String profiId() {
        return profiId;
    }

    /** Where the record came from, for error messages: {@code clients.csv line 12}. */
    public String location() {
        return sourceLine > 0 ? sourceFile + " line " + sourceLine : sourceFile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfiRecord r && object == r.object && sourceLine == r.sourceLine
                && fields.equals(r.fields) && Objects.equals(sourceFile, r.sourceFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(object, fields, sourceFile, sourceLine);
    }

    @Override
    public String toString() {
        return "ProfiRecord[object=" + object + ", fields=" + fields + ", sourceFile=" + sourceFile + ", sourceLine="
                + sourceLine + "]";
    }
}
