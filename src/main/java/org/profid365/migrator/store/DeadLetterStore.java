package org.profid365.migrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;

/**
 * Writes dead letters. One open row per record and stage: meeting the same bad record again changes nothing,
 * a changed bad record updates its row and counts an attempt, and a record that later passes is resolved.
 */
public final class DeadLetterStore {

    private static final String UPSERT = """
            insert into dead_letter (migration_id, run_id, stage, object_type, record_key, profi_id, source_file,
                                     source_line, field, reason, payload, payload_hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            on conflict (migration_id, stage, object_type, record_key) do update set
                run_id = excluded.run_id, profi_id = excluded.profi_id, source_file = excluded.source_file,
                source_line = excluded.source_line, field = excluded.field, reason = excluded.reason,
                payload = excluded.payload, payload_hash = excluded.payload_hash, replay_state = 'open',
                attempts = dead_letter.attempts + 1, updated_at = now()
            where dead_letter.payload_hash is distinct from excluded.payload_hash
               or dead_letter.reason <> excluded.reason
               or dead_letter.replay_state = 'resolved'
            """;

    private DeadLetterStore() {
    }

    public static void write(Connection c, long migrationId, long runId, Collection<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (DeadLetter d : letters) {
                ps.setLong(1, migrationId);
                ps.setLong(2, runId);
                ps.setString(3, d.stage());
                ps.setString(4, d.objectType());
                ps.setString(5, d.recordKey());
                ps.setString(6, d.profiId());
                ps.setString(7, d.sourceFile());
                ps.setLong(8, d.sourceLine());
                ps.setString(9, d.field());
                ps.setString(10, d.reason());
                if (d.payloadJson() == null) {
                    ps.setNull(11, Types.VARCHAR);
                    ps.setNull(12, Types.BINARY);
                } else {
                    ps.setString(11, d.payloadJson());
                    ps.setBytes(12, ContentHash.of(d.payloadJson()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks the stage's dead letters of these records resolved: they passed this time. */
    public static void resolve(Connection c, long migrationId, String stage, String objectType, List<String> recordKeys)
            throws SQLException {
        if (recordKeys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                update dead_letter set replay_state = 'resolved', updated_at = now()
                where migration_id = ? and stage = ? and object_type = ? and record_key = any(?) and replay_state <> 'resolved'
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, stage);
            ps.setString(3, objectType);
            ps.setArray(4, c.createArrayOf("text", recordKeys.toArray()));
            ps.executeUpdate();
        }
    }
}
