package org.profid365.migrator.rollback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The audit_log rows a rollback writes: what it wrote to Dynamics, and the before-image that undoes it. */
final class AuditRows {

    /** One write: {@code delete}, {@code restore}, {@code update} (an unlink) or {@code state} (reopen, re-close). */
    record Row(String table, UUID id, String operation, ObjectNode columns, ObjectNode beforeImage, String appUser,
               String requestId) {
    }

    private AuditRows() {
    }

    /** Inserts the rows in order; returns their ids. */
    static List<Long> insert(Connection c, long runId, long migrationId, List<Row> rows) throws SQLException {
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
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            tables[i] = r.table();
            ids[i] = r.id();
            ops[i] = r.operation();
            columns[i] = r.columns() == null ? "{}" : r.columns().toString();
            before[i] = r.beforeImage() == null ? null : r.beforeImage().toString();
            users[i] = r.appUser();
            requests[i] = r.requestId();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (run_id, migration_id, target_table, target_id, operation, columns, before_image,
                                       app_user, request_id)
                select ?, ?, t.tbl, t.target, t.op, t.cols::jsonb, t.before::jsonb, t.usr, t.req
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     with ordinality as t(tbl, target, op, cols, before, usr, req, n)
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
