package org.profid365.migrator.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;
import org.profid365.migrator.profi.RecordProblem;
import org.profid365.migrator.profi.RecordValidator;
import org.profid365.migrator.store.DeadLetter;
import org.profid365.migrator.store.ContentHash;
import org.profid365.migrator.store.DeadLetterStore;
import org.profid365.migrator.store.StagedRow;
import org.profid365.migrator.store.StagingWriter;

/**
 * Stages the records of one export (or one HTTP pull) into PostgreSQL: validates each record, writes it in
 * batches, sends the bad ones to the dead-letter store, and at the end rejects records whose references point
 * at nothing. Memory holds one batch, whatever the export's size.
 */
public final class StagingSession {

    /** Dead-letter stage of records that failed validation or repeated an id. */
    public static final String STAGE_VALIDATE = "stage";
    /** Dead-letter stage of records whose reference points at no record. */
    public static final String STAGE_REFERENCE = "reference";

    private final DataSource ds;
    private final long migrationId;
    private final long runId;
    private final long exportId;
    private final RecordValidator validator;
    private final int batchSize;
    private final Map<ProfiObject, long[]> readAndRejected = new LinkedHashMap<>();
    private final List<ProfiRecord> batch = new ArrayList<>();
    private ProfiObject batchObject;
    /** The newest Profi update time among the rows written so far: the delta's next updated_since. */
    private Instant newestSourceUpdate;

    public StagingSession(DataSource ds, long migrationId, long runId, long exportId, RecordValidator validator, int batchSize) {
        this.ds = ds;
        this.migrationId = migrationId;
        this.runId = runId;
        this.exportId = exportId;
        this.validator = validator;
        this.batchSize = batchSize;
    }

    public long exportId() {
        return exportId;
    }

    /** Takes one record; custom-field definitions also teach the validator their column's type. */
    public void accept(ProfiRecord r) {
        if (r.object() == ProfiObject.CUSTOM_FIELD && validator.validate(r).isEmpty()) {
            validator.define(r);
        }
        if (batchObject != r.object() || batch.size() >= batchSize) {
            flush();
        }
        batchObject = r.object();
        batch.add(r);
        counters(r.object())[0]++;
    }

    private long[] counters(ProfiObject o) {
        return readAndRejected.computeIfAbsent(o, k -> new long[2]);
    }

    /** Writes the buffered batch in one transaction. */
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        ProfiObject object = batchObject;
        List<StagedRow> rows = new ArrayList<>(batch.size());
        List<DeadLetter> letters = new ArrayList<>();
        List<String> validKeys = new ArrayList<>();
        for (ProfiRecord r : batch) {
            String json = RecordCanonicaliser.json(r.fields());
            List<RecordProblem> problems = validator.validate(r);
            String id = r.profiId();
            if (id == null) {
                // no id, nothing to stage it under: the dead letter alone keeps it
                letters.add(letter(r, json, problems));
                continue;
            }
            if (problems.isEmpty()) {
                validKeys.add(id);
            } else {
                letters.add(letter(r, json, problems));
            }
            rows.add(new StagedRow(object.typeName(), id, json, ContentHash.of(json), sourceTime(r),
                    r.sourceFile(), r.sourceLine(), problems.isEmpty()));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<StagedRow> duplicates = StagingWriter.write(c, migrationId, exportId, object.typeName(), rows);
                newest(rows, duplicates);
                for (StagedRow d : duplicates) {
                    validKeys.remove(d.profiId());
                    letters.add(new DeadLetter(STAGE_VALIDATE, object.typeName(), d.profiId() + "@" + d.sourceLine(),
                            d.profiId(), d.sourceFile(), d.sourceLine(), object.keyColumns().get(0),
                            "duplicate id " + d.profiId() + ": an earlier row of " + d.sourceFile()
                                    + " has the same id; this copy was not staged", d.payloadJson()));
                }
                DeadLetterStore.write(c, migrationId, runId, letters);
                DeadLetterStore.resolve(c, migrationId, STAGE_VALIDATE, object.typeName(), validKeys);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StagingException("Staging " + object.fileName() + " failed near " + batch.get(0).location() + ": "
                    + e.getMessage(), e);
        }
        counters(object)[1] += letters.size();
        batch.clear();
    }

    /**
     * Keeps the newest source time of the rows written; a duplicate copy was not written, so it does not count. The
     * writer hands back the very row objects it skipped, so they are told apart by identity (two copies of a record
     * can be equal field for field).
     */
    private void newest(List<StagedRow> rows, List<StagedRow> duplicates) {
        Set<StagedRow> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
        skipped.addAll(duplicates);
        for (StagedRow r : rows) {
            Instant t = r.sourceUpdatedAt();
            if (t != null && (newestSourceUpdate == null || t.isAfter(newestSourceUpdate)) && !skipped.contains(r)) {
                newestSourceUpdate = t;
            }
        }
    }

    private DeadLetter letter(ProfiRecord r, String json, List<RecordProblem> problems) {
        String id = r.profiId();
        if (id == null) {
            String missing = r.object().keyColumns().stream().filter(k -> r.get(k) == null).collect(Collectors.joining(", "));
            return new DeadLetter(STAGE_VALIDATE, r.object().typeName(), r.sourceFile() + ":" + r.sourceLine(), null,
                    r.sourceFile(), r.sourceLine(), missing, r.location() + ": " + missing + " is empty, the record has no id", json);
        }
        String reason = problems.stream().map(RecordProblem::reason).collect(Collectors.joining("; "));
        return new DeadLetter(STAGE_VALIDATE, r.object().typeName(), id, id, r.sourceFile(), r.sourceLine(),
                problems.get(0).field(), r.object().typeName() + " " + id + " (" + r.location() + "): " + reason, json);
    }

    private Instant sourceTime(ProfiRecord r) {
        return r.object().updatedAtColumn().map(c -> validator.instantOrNull(r.get(c))).orElse(null);
    }

    /** Flushes, rejects orphans, and counts what this session did. */
    public StagingResult finish() {
        flush();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                rejectOrphans(c);
                StagingWriter.recordNewestSourceUpdate(c, exportId, newestSourceUpdate);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return new StagingResult(runId, exportId, count(c));
        } catch (SQLException e) {
            throw new StagingException("Checking references between the export's files failed: " + e.getMessage(), e);
        }
    }

    private void rejectOrphans(Connection c) throws SQLException {
        for (ProfiObject object : readAndRejected.keySet()) {
            for (Column col : object.columns()) {
                if (col.references() == null) {
                    continue;
                }
                List<DeadLetter> letters = new ArrayList<>();
                for (StagingWriter.Orphan o : StagingWriter.rejectOrphans(c, migrationId, exportId, object.typeName(),
                        col.name(), col.references().typeName())) {
                    letters.add(new DeadLetter(STAGE_REFERENCE, object.typeName(), o.profiId(), o.profiId(), o.sourceFile(),
                            o.sourceLine(), col.name(), object.typeName() + " " + o.profiId() + " (" + o.sourceFile() + " line "
                            + o.sourceLine() + "): " + col.name() + " '" + o.value() + "' points at no "
                            + col.references().typeName() + " in " + col.references().fileName(), o.payloadJson()));
                }
                DeadLetterStore.write(c, migrationId, runId, letters);
                counters(object)[1] += letters.size();
            }
            StagingWriter.resolveReferences(c, migrationId, exportId, object.typeName());
        }
    }

    private Map<String, StagingResult.Counts> count(Connection c) throws SQLException {
        Map<String, long[]> db = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type,
                       count(*) filter (where first_export = ?),
                       count(*) filter (where export_id = ? and first_export <> ?),
                       count(*) filter (where export_id is distinct from ?)
                from staged_record where migration_id = ? and last_seen_export = ?
                group by object_type
                """)) {
            ps.setLong(1, exportId);
            ps.setLong(2, exportId);
            ps.setLong(3, exportId);
            ps.setLong(4, exportId);
            ps.setLong(5, migrationId);
            ps.setLong(6, exportId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    db.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        Map<String, StagingResult.Counts> result = new LinkedHashMap<>();
        readAndRejected.forEach((object, rr) -> {
            long[] d = db.getOrDefault(object.typeName(), new long[3]);
            result.put(object.typeName(), new StagingResult.Counts(rr[0], d[0], d[1], d[2], rr[1]));
        });
        return result;
    }
}
