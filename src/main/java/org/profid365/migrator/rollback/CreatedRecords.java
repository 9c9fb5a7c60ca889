package org.profid365.migrator.rollback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.profid365.migrator.load.LoadStage;
import org.profid365.migrator.profi.ProfiObject;

/**
 * The records the migration created, as id_map knows them: every row {@code created_by_us} not yet {@code deleted}.
 * Besides confirmed and sent rows (sent: the request may have landed) this takes failed and pending ones too: a create
 * that timed out may have landed, and deleting an id that was never written costs one 404.
 */
final class CreatedRecords {

    /** A table with records to delete, and the load stage that wrote it (the latest, when several did). */
    record Table(String logicalName, int stage, long remaining) {
    }

    private final long migrationId;

    CreatedRecords(long migrationId) {
        this.migrationId = migrationId;
    }

    /**
     * The tables with records left to delete, children before parents: the reverse of the load order (annotations,
     * tasks, payments and enrollments, contacts and leads, accounts, coach profiles). A table written by an object
     * type no stage knows comes first, as a child.
     */
    List<Table> inDeleteOrder(Connection c) throws SQLException {
        List<Table> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select target_table, array_agg(distinct object_type), count(*) from id_map
                where migration_id = ? and created_by_us and state <> 'deleted'
                group by target_table
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Table(rs.getString(1), stageOf((String[]) rs.getArray(2).getArray()), rs.getLong(3)));
                }
            }
        }
        out.sort(Comparator.comparingInt(Table::stage).reversed().thenComparing(Table::logicalName));
        return out;
    }

    /** The latest load stage among the object types (a stage's records may point at any earlier stage's). */
    static int stageOf(String[] objectTypes) {
        int stage = -1;
        for (String type : objectTypes) {
            int s = ProfiObject.byTypeName(type).flatMap(LoadStage::of).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
            stage = Math.max(stage, s);
        }
        return stage;
    }

    /** The next ids of a table to delete, in id order after {@code after} (null: from the start). */
    List<UUID> next(Connection c, String table, UUID after, int limit) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select target_id from id_map
                where migration_id = ? and target_table = ? and created_by_us and state <> 'deleted'
                  and (?::uuid is null or target_id > ?::uuid)
                order by target_id limit ?
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, table);
            ps.setObject(3, after);
            ps.setObject(4, after);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /** Which of these ids of a table the migration created (in any state): those are never "pre-existing". */
    Set<UUID> ours(Connection c, String table, Collection<UUID> ids) throws SQLException {
        Set<UUID> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select target_id from id_map
                where migration_id = ? and target_table = ? and target_id = any(?) and created_by_us
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /** Deleted (or found gone): the id_map rows say so, in the caller's transaction. */
    void markDeleted(Connection c, long runId, String table, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                update id_map set state = 'deleted', run_id = ?, updated_at = now()
                where migration_id = ? and target_table = ? and target_id = any(?) and created_by_us
                """)) {
            ps.setLong(1, runId);
            ps.setLong(2, migrationId);
            ps.setString(3, table);
            ps.setArray(4, c.createArrayOf("uuid", ids.toArray()));
            ps.executeUpdate();
        }
    }

    /** Records left to delete per table, in delete order (for the dry run and the summary). */
    Map<String, Long> remaining(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Table t : inDeleteOrder(c)) {
            out.put(t.logicalName(), t.remaining());
        }
        return out;
    }

    /**
     * Staged records the load settled go back to pending once every target they created is deleted, so a later
     * {@code migrate --full} loads them again: loaded ones, and ones the load rejected (their dead letter stays open
     * until a load gets them in). Records staging rejected (bad values, broken references) stay rejected.
     * Returns how many.
     */
    int resetStaged(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update staged_load l set load_state = 'pending'
                from staged_record s
                where s.id = l.staged_id and l.migration_id = ? and l.load_state in ('loaded', 'rejected')
                  and (l.load_state = 'loaded' or (
                       exists (select 1 from dead_letter d where d.migration_id = s.migration_id
                               and d.object_type = s.object_type and d.profi_id = s.profi_id and d.stage like 'load-%')
                       and not exists (select 1 from dead_letter d where d.migration_id = s.migration_id
                                       and d.object_type = s.object_type and d.profi_id = s.profi_id
                                       and d.stage not like 'load-%' and d.replay_state <> 'resolved')))
                  and not exists (select 1 from id_map m where m.migration_id = s.migration_id
                                  and m.object_type = s.object_type and m.profi_id = s.profi_id
                                  and m.created_by_us and m.state <> 'deleted')
                """)) {
            ps.setLong(1, migrationId);
            return ps.executeUpdate();
        }
    }
}
