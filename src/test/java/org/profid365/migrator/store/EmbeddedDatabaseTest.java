package org.profid365.migrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.config.ConfigurationException;

class EmbeddedDatabaseTest {

    @TempDir
    Path work;

    @Test
    void a_second_owner_of_the_work_directory_gets_a_clear_error_and_the_data_survives_a_restart() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(work)) {
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "postgres", null)) {
                c.createStatement().execute("create table kept (v text); insert into kept values ('still here')");
            }
            assertThatThrownBy(() -> EmbeddedDatabase.start(work))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("is in use by another migrator process (pid " + ProcessHandle.current().pid() + ")");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(work);
             Connection c = DriverManager.getConnection(again.jdbcUrl(), "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void a_commit_is_on_disk_before_it_is_acknowledged() throws Exception {
        // the library starts its servers with synchronous_commit off; the state store must not lose acknowledged work
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("show synchronous_commit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
    }
}
