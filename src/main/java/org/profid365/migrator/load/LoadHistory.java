package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * Forgets every load of the migration (id map, audit log, intended writes, load dead letters) and puts the staged records those loads
 * touched back to pending, so the next run loads everything again. Only for a new, empty simulated org (the demo,
 * the benchmark): against a real org the state store is the truth and must never be forgotten.
 */
public final class LoadHistory {

    private static final String[] FORGET = {
        "delete from audit_log where migration_id = ?",
        "delete from id_map where migration_id = ?",
        // changes meant for records of the earlier org; a new org has none of them
        "delete from intended_write where migration_id = ?",
        "delete from dead_letter where migration_id = ? and stage like 'load-%'",
        // records rejected by staging keep their dead letter and stay rejected
        "update staged_record set load_state = 'pending' where migration_id = ? and load_state = 'loaded'"
                + " or (migration_id = ? and load_state = 'rejected' and not exists (select 1 from dead_letter d"
                + " where d.migration_id = staged_record.migration_id and d.object_type = staged_record.object_type"
                + " and d.profi_id = staged_record.profi_id and d.replay_state <> 'resolved'))"};

    private LoadHistory() {
    }

    public static void forget(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection()) {
            c.setAutoCommit(false);
            long id = ctx.migration().id();
            for (String sql : FORGET) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, id);
                    if (sql.contains("or (migration_id = ?")) {
                        ps.setLong(2, id);
                    }
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
