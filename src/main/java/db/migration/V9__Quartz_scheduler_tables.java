package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The tables of Quartz's JDBC job store, so the delta schedule runs clustered on the state database (exactly one
 * instance fires each run). The DDL is the one the Quartz jar we ship carries for PostgreSQL, run as it is, so the
 * schema always matches the Quartz version on the classpath; only its transaction control is left to Flyway.
 */
public class V9__Quartz_scheduler_tables extends BaseJavaMigration {

    static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public void migrate(Context context) throws Exception {
        String sql;
        try (InputStream in = V9__Quartz_scheduler_tables.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IOException(DDL + " is not on the classpath: the Quartz jar is missing");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement st = context.getConnection().createStatement()) {
            for (String statement : statements(sql)) {
                st.execute(statement);
            }
        }
    }

    /** The statements of the script: comments dropped, split at semicolons, COMMIT left to Flyway. */
    static java.util.List<String> statements(String script) {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : clean.toString().split(";")) {
            String t = s.strip();
            if (!t.isEmpty() && !t.equalsIgnoreCase("commit")) {
                out.add(t);
            }
        }
        return out;
    }
}
