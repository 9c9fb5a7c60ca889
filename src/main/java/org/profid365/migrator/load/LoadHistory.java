package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * Forgets every load, sample, delta and rollback of the migration (id map, audit log, intended writes, watermarks,
 * samples, load dead letters) and puts the staged records they touched back to pending, so the next run loads
 * everything again. Only for a new, empty simulated org (the demo, the benchmark): against a real org the state store
 * is the truth and must never be forgotten.
 */
public final class LoadHistory {

    private static final String[] FORGET = {
        "delete from run_sample where run_id in (select id from run where migration_id = ?)",
        "delete from audit_log where migration_id = ?",
        "delete from id_map where migration_id = ?",
        "delete from sent_create where migration_id = ?",
        // changes meant for records of the earlier org; a new org has none of them
        "delete from intended_write where migration_id = ?",
        "delete from watermark where migration_id = ?",
        "delete from dead_letter where migration_id = ? and stage like 'load-%'",
        // records rejected by staging keep their dead letter and stay rejected; loaded, rejected by a load or deleted
        // by a delta, they are pending again
        "update staged_load l set load_state = 'pending' from staged_record s"
                + " where l.migration_id = ? and l.load_state <> 'pending' and s.id = l.staged_id"
                + " and not exists (select 1 from dead_letter d where d.migration_id = s.migration_id"
                + " and d.object_type = s.object_type and d.profi_id = s.profi_id"
                + " and d.replay_state <> 'resolved')"};

    private LoadHistory() {
    }

    public static void forget(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection()) {
            c.setAutoCommit(false);
            long id = ctx.migration().id();
            for (String sql : FORGET) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
