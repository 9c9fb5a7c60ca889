package org.profid365.migrator.delta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Records that have no Dynamics table of their own still shape the records that do: a group session gets one task
 * per participant, a session's package link is rebuilt from its client's packages, a task's subject may come from its
 * service, an enrollment's name from its program, a payment row from its invoice. When one of those changes (or is
 * added) in Profi, the records it shapes are loaded again: they become pending and lose the content hash of their
 * targets in id_map, so the load compares what they map to now with what was written, and writes only the difference
 * (a new participant's task, a changed subject).
 */
final class DependentRecords {

    /** One "changed X re-loads Y" rule: {@code join} matches the dependent {@code d} to the changed record {@code x}. */
    private record Rule(String changedType, String dependentType, String join) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("session_participant", "session", "d.profi_id = btrim(x.payload ->> 'session_id')"),
            new Rule("package", "session", "btrim(d.payload ->> 'client_id') = btrim(x.payload ->> 'client_id')"),
            new Rule("service", "session", "btrim(d.payload ->> 'service_id') = x.profi_id"),
            new Rule("program", "enrollment", "btrim(d.payload ->> 'program_id') = x.profi_id"),
            new Rule("invoice", "payment", "btrim(d.payload ->> 'invoice_id') = x.profi_id"));

    private DependentRecords() {
    }

    /**
     * Re-loads the records shaped by records changed in exports after {@code sinceExport}; returns how many became
     * pending. Runs in the caller's transaction.
     */
    static long reload(Connection c, long migrationId, long sinceExport) throws SQLException {
        long n = 0;
        for (Rule r : RULES) {
            try (PreparedStatement ps = c.prepareStatement("""
                    with changed as (
                        update staged_load l set load_state = 'pending'
                        from staged_record d
                        where d.id = l.staged_id and l.migration_id = ? and l.object_type = ? and l.load_state = 'loaded'
                          and exists (select 1 from staged_with_state x
                                      where x.migration_id = d.migration_id and x.object_type = ? and x.export_id > ?
                                        and x.load_state <> 'rejected' and %s)
                        returning d.object_type, d.profi_id
                    ), cleared as (
                        update id_map m set content_hash = null
                        from changed
                        where m.migration_id = ? and m.object_type = changed.object_type and m.profi_id = changed.profi_id
                        returning 1
                    )
                    select (select count(*) from changed), (select count(*) from cleared)
                    """.formatted(r.join()))) {
                ps.setLong(1, migrationId);
                ps.setString(2, r.dependentType());
                ps.setString(3, r.changedType());
                ps.setLong(4, sinceExport);
                ps.setLong(5, migrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }
}
