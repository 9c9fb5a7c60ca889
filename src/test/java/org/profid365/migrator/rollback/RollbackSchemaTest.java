package org.profid365.migrator.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.SqlRows;
import org.profid365.migrator.dataverse.DataverseRequest;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.load.LoadFixture;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.OrgSnapshot;

/**
 * {@code rollback --schema}: after a full load, the org's metadata and data are as they were before {@code schema
 * --apply}; data that existed before keeps the schema in place, and a second run writes nothing.
 */
class RollbackSchemaTest {

    @Test
    void after_a_load_it_gives_back_the_org_as_it_was_before_the_schema_and_a_second_run_writes_nothing(@TempDir Path tmp)
            throws Exception {
        OrgSnapshot[] before = new OrgSnapshot[1];
        try (LoadFixture f = LoadFixture.start(tmp, 25, 31, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                m -> m, (sim, ctx, dv) -> before[0] = OrgSnapshot.of(sim))) {
            assertThat(f.load().landed()).isPositive();
            List<String> planned = RollbackJob.plan(f.ctx).schemaRemovals();
            // keys before the columns they use, lookups before the tables they join, the solution after its tables
            assertThat(planned.get(0)).startsWith("alternate key ");
            assertThat(planned).contains("table profi_coach", "column contact.profi_profiid");
            assertThat(planned.get(planned.size() - 1)).isEqualTo("solution ProfiMigration");
            assertThat(planned.indexOf("column contact.profi_profiid")).isLessThan(planned.indexOf("table profi_coach"));

            RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK, true);

            assertThat(o.status()).as(o.failures() + " " + o.stoppedBecause()).isEqualTo("succeeded");
            assertThat(o.schemaKept()).isEmpty();
            assertThat(o.schemaRemoved()).hasSize(planned.size());
            assertThat(o.counters()).containsEntry("schema-removed", (long) planned.size());
            // metadata and data as before the schema was provisioned; the publish log only grew
            assertThat(OrgSnapshot.of(f.sim).differencesBesidesPublishes(before[0], 20)).isEmpty();
            // audited: every component removed by this run
            assertThat(rows(f, "select distinct coalesce(removed_by_run::text, 'not removed') from schema_change"))
                    .containsExactly(Long.toString(o.runId()));

            int requests = f.sim.requests().size();
            RollbackJob.Outcome again = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK, true);

            assertThat(again.status()).isEqualTo("succeeded");
            assertThat(again.schemaRemoved()).isEmpty();
            assertThat(writes(f, requests)).isEmpty();
        }
    }

    @Test
    void a_record_a_user_added_to_a_created_table_or_a_value_in_a_created_column_keeps_all_of_the_schema(@TempDir Path tmp)
            throws Exception {
        OrgSnapshot[] before = new OrgSnapshot[1];
        UUID[] contact = new UUID[1];
        try (LoadFixture f = LoadFixture.start(tmp, 25, 31, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                m -> m, (sim, ctx, dv) -> {
                    // a contact the business had before the migration
                    ObjectNode c = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
                    c.put("lastname", "Before");
                    WriteOutcome w = dv.recordWriter().create(TableRef.CONTACT, RecordWrite.of("pre", null, c));
                    assertThat(w.ok()).as(String.valueOf(w)).isTrue();
                    contact[0] = w.id();
                    before[0] = OrgSnapshot.of(sim);
                })) {
            assertThat(f.load().landed()).isPositive();
            // during cutover a user adds a coach profile and gives the pre-existing contact a Profi id
            String coaches = f.dv.metadata().entitySetName("profi_coach");
            f.dv.client().execute(DataverseRequest.post(coaches, "{\"profi_name\":\"Added during cutover\"}")).requireSuccess();
            f.dv.client().execute(DataverseRequest.patch("contacts(" + contact[0] + ")", "{\"profi_profiid\":\"X-1\"}"))
                    .requireSuccess();
            int requests = f.sim.requests().size();

            RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK, true);

            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.schemaKept()).containsExactly("column contact.profi_profiid holds a value in 1 record(s)",
                    "table profi_coach holds 1 record(s) the migration did not create");
            assertThat(o.schemaRemoved()).isEmpty();
            assertThat(o.stoppedBecause()).contains("nothing of the schema was removed");
            // the data rollback went through; no schema write was sent and nothing is marked removed
            assertThat(o.counters().get("deleted")).isPositive();
            assertThat(writes(f, requests)).noneMatch(r -> r.path().contains("Definitions") || r.path().endsWith("PublishXml"));
            assertThat(rows(f, "select count(*) from schema_change where removed_at is not null")).containsExactly("0");

            // once the user's data is moved away, the next run removes the schema
            String added = f.dv.reader().findFirst(org.profid365.migrator.dataverse.ODataQuery.from(coaches)
                    .select("profi_coachid")).orElseThrow().path("profi_coachid").asText();
            f.dv.client().execute(DataverseRequest.delete(coaches + "(" + added + ")")).requireSuccess();
            f.dv.client().execute(DataverseRequest.patch("contacts(" + contact[0] + ")", "{\"profi_profiid\":null}"))
                    .requireSuccess();

            RollbackJob.Outcome next = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK, true);

            assertThat(next.status()).as(next.failures() + " " + next.stoppedBecause()).isEqualTo("succeeded");
            assertThat(OrgSnapshot.of(f.sim).differencesBesidesPublishes(before[0], 20)).isEmpty();
        }
    }

    private static List<DataverseRequestLog> writes(LoadFixture f, int from) {
        List<DataverseRequestLog> all = f.sim.requests();
        return all.subList(from, all.size()).stream().filter(r -> !r.method().equals("GET")).toList();
    }

    private static List<String> rows(LoadFixture f, String sql) throws Exception {
        return SqlRows.rows(f.ctx.store().dataSource(), sql);
    }
}
