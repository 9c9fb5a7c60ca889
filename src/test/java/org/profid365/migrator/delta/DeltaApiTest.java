package org.profid365.migrator.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.sim.ProfiApiSimulator;
import org.profid365.migrator.sim.RequestLogEntry;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * Deltas from the Profi API: the pull asks for what changed since the watermark (updated_since), only those records
 * are written, and the watermark follows the newest change the API returned, in the run that succeeded. The API has
 * no deletion feed, so a record deleted in Profi stays until a complete export or pull shows it.
 */
class DeltaApiTest {

    static final String TOKEN = "t0ken";
    static final RecordIds IDS = new RecordIds(UUID.fromString(DeltaFixture.NAMESPACE));

    @Test
    void the_api_delta_asks_for_changes_since_the_watermark_and_writes_only_them(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        try (ProfiApiSimulator profi = ProfiApiSimulator.start(march, ProfiApiSimulator.Options.defaults(TOKEN));
             // the full run came from the March export (the load reads attachments from exports); deltas use the API
             DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                     "profi.api.token", TOKEN, "dataverse.client.give-up-after-seconds", "1",
                     "dataverse.client.backoff-initial-ms", "50")) {
            String api = profi.baseUrl().toString();

            // no watermark yet: the first delta reads everything once, finds nothing new, and sets the watermark to
            // the newest change Profi reported (Maria's 2024-03-01T09:00 in Europe/Berlin)
            int seen = profi.requests().size();
            int written = f.sim.requests().size();
            DeltaRun first = f.delta(api);
            assertThat(first.succeeded()).isTrue();
            assertThat(profi.requests().subList(seen, profi.requests().size()))
                    .noneMatch(r -> r.target().contains("updated_since"));
            assertThat(f.writesSince(written)).isEmpty();
            assertThat(watermark(f, api)).isEqualTo("2024-03-01T08:00:00Z");

            // April: Dataverse fails in the middle of the next delta; the run fails and the watermark stays
            profi.replaceData(april);
            AtomicBoolean failing = new AtomicBoolean(true);
            AdviceWith.adviceWith(f.camel.context(), "migrate-full", a -> a.weaveAddFirst().process(e ->
                    f.sim.options().serverErrorShare(failing.get() ? 1.0 : 0.0)));
            seen = profi.requests().size();
            DeltaRun failed = f.delta(api);
            f.sim.options().serverErrorShare(0.0);
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.unavailable()).isPositive();
            assertThat(f.rows("select status from run where id = " + failed.runId())).containsExactly("failed");
            assertThat(watermark(f, api)).isEqualTo("2024-03-01T08:00:00Z");
            assertThat(pulls(profi, seen)).allSatisfy(t -> assertThat(t).contains("updated_since=2024-03-01T08%3A00%3A00Z"));

            // the next delta asks from the same watermark again and finishes the work
            failing.set(false);
            seen = profi.requests().size();
            written = f.sim.requests().size();
            DeltaRun redo = f.delta(api);

            assertThat(redo.succeeded()).isTrue();
            assertThat(pulls(profi, seen)).isNotEmpty()
                    .allSatisfy(t -> assertThat(t).contains("updated_since=2024-03-01T08%3A00%3A00Z"));
            assertThat(f.writesSince(written)).extracting(w -> w.method() + " " + w.path().replace("/api/data/v9.2/", ""))
                    .containsExactly(
                            "POST leads/Microsoft.Dynamics.CRM.CreateMultiple",
                            "POST contacts/Microsoft.Dynamics.CRM.UpdateMultiple",
                            "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple",
                            "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple",
                            "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple");
            assertThat(f.rows("select target_id || ' ' || before_image::jsonb from audit_log where operation = 'update' order by 1"))
                    .containsExactlyInAnyOrder(
                            IDS.of("client", "CL-1") + " {\"emailaddress1\": \"maria@example.com\"}",
                            IDS.of("session", "SE-1") + " {\"subject\": \"Kick-off\"}",
                            IDS.of("session", "SE-1", "CL-2") + " {\"subject\": \"Kick-off\"}");
            assertThat(f.count("select count(*) from dead_letter where replay_state = 'open'")).isZero();
            // Jonas (created 2024-04-02T09:00Z) is the newest change; the watermark moved with the run that succeeded
            assertThat(watermark(f, api)).isEqualTo("2024-04-02T09:00:00Z");
            assertThat(f.rows("select run_id from watermark where source = '" + api + "'"))
                    .containsExactly(Long.toString(redo.runId()));
            // Lena and NO-2 are gone from Profi, but an API delta cannot tell: they stay, as documented
            assertThat(f.count("select count(*) from staged_with_state where load_state = 'deleted'")).isZero();
            assertThat(f.dv.reader().retrieve("leads", IDS.of("client", "CL-3"), "statecode").orElseThrow()
                    .path("statecode").asInt()).isZero();
        }
    }

    private static String watermark(DeltaFixture f, String api) throws Exception {
        List<String> v = f.rows("select value from watermark where source = '" + api + "' and name = 'updated_since'");
        return v.isEmpty() ? null : v.get(0);
    }

    /** The collection requests (not the manifest) the API answered from request {@code from} on. */
    private static List<String> pulls(ProfiApiSimulator profi, int from) {
        List<RequestLogEntry> all = profi.requests();
        return all.subList(from, all.size()).stream().map(RequestLogEntry::target)
                .filter(t -> !t.startsWith("/v1/manifest")).toList();
    }
}
