package org.profid365.migrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes staged records in batches. Idempotent by construction: a record is keyed by (migration, object type,
 * Profi id); an unchanged record keeps its state and change time, a changed one (new content hash) becomes
 * 'pending' for the next load. Every row remembers the latest export that contained it, which is how a
 * second copy of an id inside one export is caught and, later, how deletions in Profi are found.
 */
public final class StagingWriter {

    /*
     * One statement per batch: the rows travel as arrays and come back (RETURNING) only when they were written.
     * A row that is not returned met a staged copy already seen in this very export, i.e. a duplicate id.
     * This replaces a per-batch look-up query whose plan degraded on a freshly filled table.
     *
     * The load state lives in staged_load. A written row whose export_id is this export is new or changed: its
     * state becomes the one staging gave it (pending, or rejected when invalid). An unchanged row keeps 'loaded';
     * any other state it had (rejected by a load, deleted by a delta) becomes the staging state again.
     *
     * A load may hold the row (claimed while pending). The updates must then wait for it and decide on the state it
     * leaves, as the upsert on staged_record did when that table held the state: an unchanged record the load rejects
     * is pending again, one it loads stays loaded. So the unchanged rows' filter is what their statement-start state
     * cannot settle alone: everything but 'loaded', and 'loaded' too when staging now rejects the record. A pending
     * row is rewritten with the same state, which is the price of waiting for its load.
     */
    private static final String UPSERT = """
            with input as (
                select * from unnest(?::text[], ?::text[], ?::bytea[], ?::timestamptz[], ?::text[], ?::bigint[], ?::text[])
                     as t(profi_id, payload, hash, updated, file, line, state)
            ), written as (
                insert into staged_record (migration_id, object_type, profi_id, payload, content_hash, source_updated_at,
                                           source_file, source_line, first_export, export_id, last_seen_export)
                select ?, ?, t.profi_id, t.payload::jsonb, t.hash, t.updated, t.file, t.line, ?, ?, ?
                from input t
                on conflict (migration_id, object_type, profi_id) do update set
                    payload = excluded.payload,
                    source_updated_at = excluded.source_updated_at,
                    source_file = excluded.source_file,
                    source_line = excluded.source_line,
                    last_seen_export = excluded.last_seen_export,
                    export_id = case when staged_record.content_hash = excluded.content_hash
                                     then staged_record.export_id else excluded.export_id end,
                    changed_at = case when staged_record.content_hash = excluded.content_hash
                                      then staged_record.changed_at else now() end,
                    content_hash = excluded.content_hash
                where staged_record.last_seen_export is distinct from excluded.last_seen_export
                returning id, profi_id, export_id = ? as changed
            ), changed_state as (
                insert into staged_load (staged_id, migration_id, object_type, load_state)
                select w.id, ?, ?, t.state from written w join input t using (profi_id) where w.changed
                on conflict (staged_id) do update set load_state = excluded.load_state
            ), unchanged_state as (
                update staged_load l set load_state = case when l.load_state = 'loaded' then 'loaded' else t.state end
                from written w join input t using (profi_id)
                where l.staged_id = w.id and not w.changed and (l.load_state <> 'loaded' or t.state <> 'pending')
            )
            select profi_id from written
            """;

    private StagingWriter() {
    }

    /**
     * Stages one batch of records of one object type. Returns the rows that were not written because the same
     * id already appeared earlier in this export (the caller dead-letters them).
     */
    public static List<StagedRow> write(Connection c, long migrationId, long exportId, String objectType, List<StagedRow> rows)
            throws SQLException {
        List<StagedRow> duplicates = new ArrayList<>();
        List<StagedRow> unique = new ArrayList<>(rows.size());
        Set<String> inBatch = new HashSet<>();
        for (StagedRow r : rows) {
            if (inBatch.add(r.profiId())) {
                unique.add(r);
            } else {
                duplicates.add(r); // one INSERT may not touch the same key twice
            }
        }
        if (unique.isEmpty()) {
            return duplicates;
        }
        int n = unique.size();
        String[] ids = new String[n];
        String[] payloads = new String[n];
        byte[][] hashes = new byte[n][];
        Timestamp[] updated = new Timestamp[n];
        String[] files = new String[n];
        Long[] lines = new Long[n];
        String[] states = new String[n];
        for (int i = 0; i < n; i++) {
            StagedRow r = unique.get(i);
            ids[i] = r.profiId();
            payloads[i] = r.payloadJson();
            hashes[i] = r.contentHash();
            updated[i] = r.sourceUpdatedAt() == null ? null : Timestamp.from(r.sourceUpdatedAt());
            files[i] = r.sourceFile();
            lines[i] = r.sourceLine();
            states[i] = r.valid() ? "pending" : "rejected";
        }
        Set<String> written = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", payloads));
            ps.setArray(3, c.createArrayOf("bytea", hashes));
            ps.setArray(4, c.createArrayOf("timestamptz", updated));
            ps.setArray(5, c.createArrayOf("text", files));
            ps.setArray(6, c.createArrayOf("bigint", lines));
            ps.setArray(7, c.createArrayOf("text", states));
            ps.setLong(8, migrationId);
            ps.setString(9, objectType);
            ps.setLong(10, exportId); // first_export
            ps.setLong(11, exportId); // export_id
            ps.setLong(12, exportId); // last_seen_export
            ps.setLong(13, exportId); // changed: export_id is this export
            ps.setLong(14, migrationId);
            ps.setString(15, objectType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getString(1));
                }
            }
        }
        for (StagedRow r : unique) {
            if (!written.contains(r.profiId())) {
                duplicates.add(r);
            }
        }
        return duplicates;
    }

    /** Registers an export (or HTTP pull) about to be staged. */
    public static long registerExport(Connection c, long migrationId, long runId, String source, String kind, String workspaceId,
                                      String workspaceName, String exportedAt, String timezone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into source_export (migration_id, source, kind, workspace_id, workspace_name, exported_at, timezone, run_id)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, source);
            ps.setString(3, kind);
            ps.setString(4, workspaceId);
            ps.setString(5, workspaceName);
            ps.setString(6, exportedAt);
            ps.setString(7, timezone);
            ps.setLong(8, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records the newest Profi update time among the export's staged rows (null when none has one). */
    public static void recordNewestSourceUpdate(Connection c, long exportId, java.time.Instant newest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update source_export set newest_source_update = ? where id = ?")) {
            ps.setTimestamp(1, newest == null ? null : Timestamp.from(newest));
            ps.setLong(2, exportId);
            ps.executeUpdate();
        }
    }

    /** Marks an export (an API pull) as holding only the records changed since {@code updatedSince}. */
    public static void markPartial(Connection c, long exportId, String updatedSince) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update source_export set updated_since = ? where id = ?")) {
            ps.setString(1, updatedSince);
            ps.setLong(2, exportId);
            ps.executeUpdate();
        }
    }

    /** A record of this export whose reference points at no staged record. */
    public record Orphan(String profiId, String sourceFile, long sourceLine, String payloadJson, String value) {
    }

    /**
     * Rejects the records of this export whose reference column names an id that no staged record of the
     * target type has, and returns them. Records already rejected for another reason are left alone.
     */
    public static List<Orphan> rejectOrphans(Connection c, long migrationId, long exportId, String objectType, String column,
                                             String targetType) throws SQLException {
        List<Orphan> orphans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                update staged_load l set load_state = 'rejected'
                from staged_record s
                where s.id = l.staged_id and s.migration_id = ? and s.object_type = ? and s.last_seen_export = ?
                  and l.load_state <> 'rejected'
                  and s.payload ->> ? is not null
                  and not exists (select 1 from staged_record t
                                  where t.migration_id = s.migration_id and t.object_type = ? and t.profi_id = s.payload ->> ?)
                returning s.profi_id, s.source_file, s.source_line, s.payload::text, s.payload ->> ?
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, objectType);
            ps.setLong(3, exportId);
            ps.setString(4, column);
            ps.setString(5, targetType);
            ps.setString(6, column);
            ps.setString(7, column);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orphans.add(new Orphan(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return orphans;
    }

    /** Resolves the reference dead letters of records of this export that are no longer orphans. */
    public static int resolveReferences(Connection c, long migrationId, long exportId, String objectType) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update dead_letter d set replay_state = 'resolved', updated_at = now()
                from staged_with_state s
                where d.migration_id = ? and d.stage = 'reference' and d.object_type = ? and d.replay_state <> 'resolved'
                  and s.migration_id = d.migration_id and s.object_type = d.object_type and s.profi_id = d.record_key
                  and s.last_seen_export = ? and s.load_state <> 'rejected'
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, objectType);
            ps.setLong(3, exportId);
            return ps.executeUpdate();
        }
    }
}
