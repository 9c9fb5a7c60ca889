package org.profid365.migrator.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends rows to audit_log, the record of every write made to Dynamics (the load's and the rollback's), in the order
 * given. One statement per call: the rows travel as arrays.
 */
public final class AuditLog {

    /**
     * One write: {@code create}, {@code update}, {@code state}, {@code delete} or {@code restore}, the columns it
     * wrote and the before-image that undoes it. {@code settled}: a create answered "already there", written only
     * when no create of the record is audited since its last delete (an earlier, interrupted attempt may have
     * recorded it).
     */
    public record Row(String table, UUID id, String operation, ObjectNode columns, ObjectNode beforeImage, String appUser,
                      String requestId, boolean settled) {

        public Row(String table, UUID id, String operation, ObjectNode columns, ObjectNode beforeImage, String appUser,
                   String requestId) {
            this(table, id, operation, columns, beforeImage, appUser, requestId, false);
        }
    }

    private AuditLog() {
    }

    /** Inserts the rows in order (a settled create that is audited already is left out); returns their ids. */
    public static List<Long> insert(Connection c, long runId, long migrationId, List<Row> rows) throws SQLException {
        List<Long> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        int n = rows.size();
        String[] tables = new String[n];
        UUID[] ids = new UUID[n];
        String[] ops = new String[n];
        String[] columns = new String[n];
        String[] before = new String[n];
        String[] users = new String[n];
        String[] requests = new String[n];
        Boolean[] settled = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            tables[i] = r.table();
            ids[i] = r.id();
            ops[i] = r.operation();
            columns[i] = r.columns() == null ? "{}" : r.columns().toString();
            before[i] = r.beforeImage() == null ? null : r.beforeImage().toString();
            users[i] = r.appUser();
            requests[i] = r.requestId();
            settled[i] = r.settled();
        }
        // only settled creates need the look-up for an earlier create: any other write is new by definition
        try (PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (run_id, migration_id, target_table, target_id, operation, columns, before_image,
                                       app_user, request_id)
                select ?, ?, t.tbl, t.target, t.op, t.cols::json, t.before::json, t.usr, t.req
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
                     with ordinality as t(tbl, target, op, cols, before, usr, req, settled, n)
                where not t.settled or not exists (
                    select 1 from audit_log a where a.migration_id = ? and a.target_table = t.tbl
                      and a.target_id = t.target and a.operation = 'create'
                      and a.id > coalesce((select max(d.id) from audit_log d where d.migration_id = ?
                                           and d.target_table = t.tbl and d.target_id = t.target
                                           and d.operation = 'delete'), 0))
                order by t.n
                returning id
                """)) {
            ps.setLong(1, runId);
            ps.setLong(2, migrationId);
            ps.setArray(3, c.createArrayOf("text", tables));
            ps.setArray(4, c.createArrayOf("uuid", ids));
            ps.setArray(5, c.createArrayOf("text", ops));
            ps.setArray(6, c.createArrayOf("text", columns));
            ps.setArray(7, c.createArrayOf("text", before));
            ps.setArray(8, c.createArrayOf("text", users));
            ps.setArray(9, c.createArrayOf("text", requests));
            ps.setArray(10, c.createArrayOf("boolean", settled));
            ps.setLong(11, migrationId);
            ps.setLong(12, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
