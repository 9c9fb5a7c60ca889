package org.profid365.migrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.SqlRows;
import org.profid365.migrator.TestDatabase;

/**
 * A state store written by an earlier version keeps its meaning when the migrations of this one run over it: V17 moves
 * each staged record's load state into staged_load, V18 records each export's newest source time, V20 keeps the audit
 * log's JSON as json. Operators upgrade in the middle of a migration, so a state lost here would load records twice
 * or never.
 */
class StateUpgradeTest {

    @Test
    void an_existing_store_keeps_every_load_state_and_each_exports_newest_change() throws Exception {
        String url = TestDatabase.newDatabaseUrl();
        flyway(url).target("16").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement()) {
            st.execute("insert into migration (id, name, namespace) values (1, 'default', gen_random_uuid())");
            st.execute("insert into source_export (id, migration_id, source, kind) values (1, 1, 'a', 'directory'), "
                    + "(2, 1, 'b', 'directory')");
            st.execute("""
                    insert into staged_record (migration_id, object_type, profi_id, payload, content_hash, source_updated_at,
                                               first_export, export_id, last_seen_export, load_state)
                    values (1, 'client', 'CL-1', '{}', '\\x01', '2024-03-01T08:00:00Z', 1, 1, 2, 'loaded'),
                           (1, 'client', 'CL-2', '{}', '\\x02', '2024-05-01T08:00:00Z', 1, 2, 2, 'pending'),
                           (1, 'client', 'CL-3', '{}', '\\x03', '2024-06-01T08:00:00Z', 1, 1, 1, 'deleted'),
                           (1, 'session', 'SE-1', '{}', '\\x04', null, 2, 2, 2, 'rejected')
                    """);
            st.execute("insert into run (id, migration_id, kind, status) values (1, 1, 'full', 'succeeded')");
            st.execute("""
                    insert into audit_log (run_id, migration_id, target_table, target_id, operation, columns, before_image)
                    values (1, 1, 'contact', gen_random_uuid(), 'create', '{"lastname": "Ng", "n": 1.50}', null),
                           (1, 1, 'contact', gen_random_uuid(), 'update', '{"firstname": "Al"}', '{"firstname": "Bo"}')
                    """);
        }

        flyway(url).load().migrate();

        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        assertThat(SqlRows.rows(ds, """
                select s.object_type || ' ' || s.profi_id || ' ' || l.load_state || ' ' || l.migration_id || ' ' || l.object_type
                from staged_record s join staged_load l on l.staged_id = s.id order by 1
                """)).containsExactly("client CL-1 loaded 1 client", "client CL-2 pending 1 client",
                "client CL-3 deleted 1 client", "session SE-1 rejected 1 session");
        assertThat(SqlRows.rows(ds, "select profi_id || ' ' || load_state from staged_with_state order by 1"))
                .containsExactly("CL-1 loaded", "CL-2 pending", "CL-3 deleted", "SE-1 rejected");
        // the claim's index holds the pending record only
        assertThat(SqlRows.rows(ds, "select count(*) from staged_load where load_state = 'pending'")).containsExactly("1");
        assertThat(SqlRows.rows(ds, "select column_name from information_schema.columns "
                + "where table_name = 'staged_record' and column_name = 'load_state'")).isEmpty();
        // export 2 was the last to see CL-1 and CL-2 (SE-1 has no time); export 1 the last to see CL-3
        assertThat(SqlRows.rows(ds, "select id || ' ' || to_char(newest_source_update at time zone 'UTC', "
                + "'YYYY-MM-DD HH24:MI') from source_export order by id"))
                .containsExactly("1 2024-06-01 08:00", "2 2024-05-01 08:00");
        assertThat(SqlRows.rows(ds, "select indexname from pg_indexes where tablename = 'staged_record' "
                + "and indexname in ('staged_by_updated', 'staged_pending')")).isEmpty();
        // the audit keeps what it held, now as json: the text jsonb gave back (its key order), kept as it is
        assertThat(SqlRows.rows(ds, "select operation || ' ' || columns || ' <- ' || coalesce(before_image::text, '-') "
                + "from audit_log order by id")).containsExactly("create {\"n\": 1.50, \"lastname\": \"Ng\"} <- -",
                "update {\"firstname\": \"Al\"} <- {\"firstname\": \"Bo\"}");
        assertThat(SqlRows.rows(ds, "select column_name || ' ' || data_type || ' ' || coalesce(column_default, '-') "
                + "from information_schema.columns where table_name = 'audit_log' "
                + "and column_name in ('columns', 'before_image') order by 1"))
                .containsExactly("before_image json -", "columns json '{}'::json");
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url) {
        return StateStore.flyway().dataSource(url, "postgres", null);
    }
}
