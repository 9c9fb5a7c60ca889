package org.profid365.migrator.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.rollback.RollbackJob;
import org.profid365.migrator.rollback.RollbackRun;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.OrgSnapshot;

/**
 * The promise of the rollback over the whole life of a migration: a sample, the full load and a delta, with records
 * that existed in Dynamics before (matched by email, updated by the load and again by the delta, one deleted in Profi),
 * then rollback: the org is identical to its state before the migration, every record and every column.
 */
class RollbackAfterDeltaTest {

    @Test
    void rollback_after_a_sample_the_full_load_and_a_delta_gives_back_the_org_as_it_was(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        UUID[] crm = new UUID[2];
        OrgSnapshot[] before = new OrgSnapshot[1];
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                DeltaExportTest::matchClientsByEmail, (sim, dv) -> {
                    // Maria and Lena were in Dynamics before the migration
                    crm[0] = DeltaExportTest.create(dv, TableRef.CONTACT, "{\"firstname\":\"Maria\","
                            + "\"lastname\":\"Obrien\",\"emailaddress1\":\"maria@example.com\",\"fax\":\"+1 555 0100\"}");
                    crm[1] = DeltaExportTest.create(dv, TableRef.LEAD, "{\"firstname\":\"Lena\","
                            + "\"lastname\":\"Vogel\",\"emailaddress1\":\"lena@example.com\",\"subject\":\"Fair 2023\"}");
                    // the schema stands for one the org had before (so it is not recorded and data rollback leaves
                    // it): provisioned before the snapshot, the fixture finds it in place (rollback --schema has tests
                    // of its own)
                    SchemaProvisioner.of(dv, MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL,
                            SchemaChanges.NONE).apply();
                    before[0] = OrgSnapshot.of(sim);
                }, 1, "migrator.delta.deletions", "delete")) {
            // the sample wrote records and the full load took the rest (the fixture rejects nothing)
            assertThat(f.rows("select distinct r.kind from run r join audit_log a on a.run_id = r.id order by 1"))
                    .contains("sample");
            assertThat(f.rows("select kind || ' ' || status from run where kind in ('sample', 'full') order by id"))
                    .containsExactly("sample succeeded", "full succeeded");
            DeltaRun delta = f.delta(april.toString());
            assertThat(delta.succeeded()).isTrue();
            // the delta updated the matched Maria (new email) and deleted the note Profi lost
            assertThat(f.rows("select operation || ' ' || target_table from audit_log where run_id = " + delta.runId()
                    + " order by 1")).contains("update contact", "delete annotation");
            assertThat(OrgSnapshot.of(f.sim).differences(before[0], 1)).isNotEmpty();

            RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK);

            assertThat(o.status()).as(o.failures().toString()).isEqualTo("succeeded");
            List<String> differences = OrgSnapshot.of(f.sim).differences(before[0], 20);
            assertThat(differences).as("the org after rollback against before the migration").isEmpty();
            // Maria and Lena are there, as they were
            assertThat(f.dv.reader().retrieve("contacts", crm[0], "emailaddress1", "firstname").orElseThrow()
                    .path("emailaddress1").asText()).isEqualTo("maria@example.com");
            assertThat(f.dv.reader().retrieve("leads", crm[1], "subject")).isPresent();
        }
    }
}
