package org.profid365.migrator.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.SqlRows;
import org.profid365.migrator.load.LoadFixture;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.OrgSnapshot;

/**
 * A sample that did not convince is rolled back before the full run: the org is as before the sample, its staged
 * records are pending again, and the full run then writes every record, the sample's included.
 */
class SampleRollbackTest {

    @Test
    void a_rolled_back_sample_leaves_the_org_as_before_and_the_full_run_writes_its_records_again(@TempDir Path tmp)
            throws Exception {
        try (LoadFixture f = LoadFixture.start(tmp, 25, 11, DataverseSimOptions.defaults().keyActivationDelayMillis(20))) {
            OrgSnapshot before = OrgSnapshot.of(f.sim);
            List<String> stagedBefore = SqlRows.rows(f.ctx.store().dataSource(),
                    "select object_type, profi_id, load_state from staged_with_state order by 1, 2");

            LoadJob.SampleOutcome sample = LoadJob.runSample(f.camel, f.ctx, f.dv, f.mapping, 30, System.out);
            assertThat(sample.load().landed()).isPositive();
            assertThat(OrgSnapshot.of(f.sim).differences(before, 1)).isNotEmpty();

            RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.STOP);

            assertThat(o.status()).as(o.failures() + " " + o.stoppedBecause()).isEqualTo("succeeded");
            assertThat(OrgSnapshot.of(f.sim).differences(before, 10)).isEmpty();
            assertThat(SqlRows.rows(f.ctx.store().dataSource(),
                    "select object_type, profi_id, load_state from staged_with_state order by 1, 2")).isEqualTo(stagedBefore);

            LoadJob.Outcome full = f.load();

            // every record the sample had created is created again, by the full run
            assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select count(*) from audit_log a where a.run_id = "
                    + sample.load().runId() + " and a.operation = 'create'")).doesNotContain("0");
            assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select a.target_table || ' ' || a.target_id from audit_log a "
                    + "where a.run_id = " + sample.load().runId() + " and a.operation = 'create' and not exists (select 1 "
                    + "from audit_log b where b.run_id = " + full.runId() + " and b.operation = 'create' "
                    + "and b.target_table = a.target_table and b.target_id = a.target_id)")).isEmpty();
            assertThat(full.landed()).isGreaterThan(sample.load().landed());
        }
    }
}
