package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * A create sent again for a record Dynamics already has (its outcome was never confirmed) is answered "duplicate"
 * and settled as written: audited once, whether or not an earlier attempt's audit row survived.
 */
class SettledCreateTest {

    @Test
    void a_create_settled_as_already_there_is_audited_once(@TempDir Path tmp) throws Exception {
        try (LoadFixture f = LoadFixture.start(tmp, 12, 5, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                "migrator.load.batch-size", "40", "dataverse.client.bulk-size", "25")) {
            f.load();
            long migration = f.ctx.migration().id();
            String[] kept = client(f, migration, 0);
            String[] lost = client(f, migration, 1);
            // both look unconfirmed; the first kept its create audit (a replay), the second lost it (a crash)
            for (String[] c : new String[][] {kept, lost}) {
                exec(f, "update staged_load l set load_state = 'pending' from staged_record s where s.id = l.staged_id "
                        + "and s.migration_id = ? and s.object_type = 'client' and s.profi_id = '" + c[0] + "'", migration);
                exec(f, "update id_map set state = 'sent' where migration_id = ? and target_id = '" + c[1] + "'", migration);
            }
            exec(f, "delete from audit_log where migration_id = ? and target_id = '" + lost[1] + "'", migration);

            LoadJob.Outcome again = f.load();

            assertThat(again.landed()).isEqualTo(2);
            assertThat(again.rejected()).isZero();
            for (String[] c : new String[][] {kept, lost}) {
                assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'create' "
                        + "and target_id = '" + c[1] + "'")).as("create audits of " + c[0]).isEqualTo(1);
                assertThat(f.count("select count(*) from id_map where migration_id = ? and state = 'confirmed' "
                        + "and target_id = '" + c[1] + "'")).isEqualTo(1);
            }
        }
    }

    /** The Profi id and Dynamics id of the n-th loaded client. */
    private static String[] client(LoadFixture f, long migration, int n) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select m.profi_id, m.target_id::text from id_map m
                where m.migration_id = ? and m.object_type = 'client' and m.state = 'confirmed'
                order by m.profi_id offset ? limit 1
                """)) {
            ps.setLong(1, migration);
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a loaded client").isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static void exec(LoadFixture f, String sql, long migration) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, migration);
            ps.executeUpdate();
        }
    }
}
