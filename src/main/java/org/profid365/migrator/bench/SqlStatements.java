package org.profid365.migrator.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * Where PostgreSQL's time goes during a load, from pg_stat_statements (shipped with the embedded server; the bench
 * preloads it when the server starts for the load): reset before the load, printed after it.
 */
final class SqlStatements {

    private SqlStatements() {
    }

    static void reset(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection(); Statement st = c.createStatement()) {
            st.execute("create extension if not exists pg_stat_statements");
            st.execute("select pg_stat_statements_reset()");
        }
    }

    static void print(MigratorContext ctx, PrintStream out, int top) throws SQLException {
        try (Connection c = ctx.store().connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select calls, total_exec_time, rows, wal_bytes, shared_blks_hit + shared_blks_read, "
                     + "regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements order by total_exec_time desc limit " + top)) {
            out.println("SQL   calls   total ms    mean ms       rows   WAL MB  blocks  statement");
            while (rs.next()) {
                String q = rs.getString(6);
                out.printf("SQL %7d %10.0f %10.2f %10d %8.1f %7d  %s%n", rs.getLong(1), rs.getDouble(2),
                        rs.getDouble(2) / rs.getLong(1), rs.getLong(3), rs.getDouble(4) / (1024 * 1024), rs.getLong(5),
                        q.length() > 140 ? q.substring(0, 140) + "…" : q);
            }
        }
    }
}
