package org.profid365.migrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The write-ahead of a batch of creates (table {@code sent_create}): one row per request batch, committed before the
 * requests leave and deleted by the batch's outcome transaction, which writes the targets' id_map rows. Until then
 * the targets have no id_map row of this attempt; {@link #materialize} gives the targets of batches whose outcome
 * never came (a crash, a failed outcome transaction) the id_map state {@code sent}, which resume and rollback
 * settle against Dynamics. Every run calls it when it starts, so readers of id_map see what they always saw.
 */
public final class SentCreates {

    /** One target about to be created. */
    public record Target(String objectType, String profiId, String table, UUID id) {
    }

    private SentCreates() {
    }

    /** Commits the write-ahead of these creates on a connection of its own; returns the row to settle with. */
    public static long write(DataSource ds, long migrationId, long runId, List<Target> targets) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into sent_create (migration_id, run_id, object_types, profi_ids, target_tables, target_ids)
                values (?, ?, ?, ?, ?, ?) returning id
                """)) {
            c.setAutoCommit(true);
            ps.setLong(1, migrationId);
            ps.setLong(2, runId);
            ps.setArray(3, c.createArrayOf("text", targets.stream().map(Target::objectType).toArray()));
            ps.setArray(4, c.createArrayOf("text", targets.stream().map(Target::profiId).toArray()));
            ps.setArray(5, c.createArrayOf("text", targets.stream().map(Target::table).toArray()));
            ps.setArray(6, c.createArrayOf("uuid", targets.stream().map(Target::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The outcome of batch {@code id} is recorded in the caller's transaction: its write-ahead is done. */
    public static void settle(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from sent_create where id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * The targets of every unsettled batch of the migration become id_map rows in state {@code sent} (a confirmed
     * row stays confirmed), and the batches are settled, in one transaction. A batch still in flight on another
     * worker or instance is safe to take too: its outcome overwrites the state, as it did over the old per-record
     * write-ahead. Returns how many targets it recorded.
     */
    public static int materialize(Connection c, long migrationId) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement("""
                with done as (delete from sent_create where migration_id = ? returning *)
                insert into id_map (migration_id, object_type, profi_id, target_table, target_id, state, run_id, attempts)
                select ?, t.type, t.profi_id, t.tbl, t.target, 'sent', t.run_id, 1
                from (select distinct on (u.tbl, u.target) u.*, d.run_id
                      from done d, unnest(d.object_types, d.profi_ids, d.target_tables, d.target_ids)
                                   as u(type, profi_id, tbl, target)
                      order by u.tbl, u.target, d.id desc) t
                on conflict (migration_id, target_table, target_id) do update set
                    state = case when id_map.state = 'confirmed' then 'confirmed' else 'sent' end,
                    run_id = excluded.run_id, attempts = id_map.attempts + 1, updated_at = now()
                """)) {
            ins.setLong(1, migrationId);
            ins.setLong(2, migrationId);
            int n = ins.executeUpdate();
            c.commit();
            return n;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
