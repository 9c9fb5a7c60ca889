package org.profid365.migrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.TestDatabase;

/**
 * Staging an export while a load holds one of its records (claimed, its staged_load row locked until the batch's
 * outcome commits): staging waits for the outcome and decides on the state the load left. An unchanged record the
 * load rejected is pending again, one it loaded stays loaded, exactly as if staging had run after the load.
 */
class StagingWhileLoadingTest {

    private static final byte[] HASH = {1, 2, 3};

    private String url;

    @BeforeEach
    void store() throws Exception {
        url = TestDatabase.newDatabaseUrl();
        StateStore.flyway().dataSource(url, "postgres", null).load().migrate();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("insert into migration (id, name, namespace) values (1, 'default', gen_random_uuid())");
            st.execute("insert into source_export (id, migration_id, source, kind) values (1, 1, 'a', 'directory'), "
                    + "(2, 1, 'b', 'directory')");
            StagingWriter.write(c, 1, 1, "client", List.of(client()));
        }
        assertThat(state()).isEqualTo("pending");
    }

    @Test
    void an_unchanged_record_the_load_rejects_meanwhile_is_pending_again() throws Exception {
        assertThat(restageWhileLoadLeaves("rejected")).isEqualTo("pending");
    }

    @Test
    void an_unchanged_record_the_load_loads_meanwhile_stays_loaded() throws Exception {
        assertThat(restageWhileLoadLeaves("loaded")).isEqualTo("loaded");
    }

    /** Claims the record, re-stages it unchanged from another connection, then ends the load with {@code outcome}. */
    private String restageWhileLoadLeaves(String outcome) throws Exception {
        try (Connection load = connect()) {
            load.setAutoCommit(false);
            try (Statement st = load.createStatement()) {
                st.executeQuery("select staged_id from staged_load where load_state = 'pending' for update skip locked").close();
            }
            CompletableFuture<List<StagedRow>> staging = CompletableFuture.supplyAsync(() -> {
                try (Connection c = connect()) {
                    return StagingWriter.write(c, 1, 2, "client", List.of(client()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            assertThat(staging).as("staging waits for the load that holds the record").isNotDone();
            try (Statement st = load.createStatement()) {
                st.executeUpdate("update staged_load set load_state = '" + outcome + "'");
            }
            load.commit();
            assertThat(staging.get(30, TimeUnit.SECONDS)).as("duplicates").isEmpty();
        }
        return state();
    }

    private static StagedRow client() {
        return new StagedRow("client", "CL-1", "{\"id\": \"CL-1\"}", HASH, null, "clients.csv", 2, true);
    }

    private String state() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select load_state from staged_with_state where object_type = 'client' and profi_id = 'CL-1'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(url, "postgres", null);
    }
}
