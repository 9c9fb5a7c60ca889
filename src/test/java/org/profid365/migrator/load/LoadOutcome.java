package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * What the state store says a load did, in a form two runs compare by: each staged record's load state, each id_map
 * row with its state, the open dead letters, and the writes the audit log holds per target. Ids are deterministic,
 * so two databases loaded from the same export with the same namespace compare equal when the loads did the same.
 *
 * @param loadStates  {@code type id state}, one per staged record
 * @param idMap       {@code table target-id state}, one per id_map row
 * @param deadLetters {@code stage type id}, one per open dead letter
 * @param audits      {@code table target-id operation count}, one per audited target and operation
 */
record LoadOutcome(List<String> loadStates, List<String> idMap, List<String> deadLetters, List<String> audits) {

    static LoadOutcome of(MigratorContext ctx) throws Exception {
        long m = ctx.migration().id();
        try (Connection c = ctx.store().connection()) {
            return new LoadOutcome(
                    rows(c, m, "select object_type || ' ' || profi_id || ' ' || load_state from staged_with_state where migration_id = ? order by 1"),
                    rows(c, m, "select target_table || ' ' || target_id || ' ' || state from id_map where migration_id = ? order by 1"),
                    rows(c, m, "select stage || ' ' || object_type || ' ' || profi_id from dead_letter "
                            + "where migration_id = ? and replay_state = 'open' order by 1"),
                    rows(c, m, "select target_table || ' ' || target_id || ' ' || operation || ' ' || count(*) from audit_log "
                            + "where migration_id = ? group by target_table, target_id, operation order by 1"));
        }
    }

    /** Rows of {@code sql} (one text column, the migration id its only parameter). */
    static List<String> rows(Connection c, long migrationId, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Audited targets written more than once by one operation: nothing may be created or closed twice. */
    List<String> writtenTwice() {
        return audits.stream().filter(a -> !a.endsWith(" 1")).toList();
    }
}
