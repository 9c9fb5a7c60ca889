package org.profid365.migrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.sim.ProfiApiSimulator;
import org.profid365.migrator.sim.RequestLogEntry;

/** The YAML routes, run by Camel Main as in production, against real PostgreSQL and the Profi simulator. */
class ProfiRoutesTest {

    @TempDir
    Path tmp;
    MigratorContext ctx;
    CamelRuntime camel;
    ProfiApiSimulator sim;

    MigratorContext open(Map<String, String> settings) throws Exception {
        Map<String, String> s = new HashMap<>(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(), "migrator.db.user", "postgres",
                "migrator.work-dir", tmp.resolve("work").toString(), "profi.api.token", "t0ken",
                "migrator.inbox.poll-delay-ms", "100", "migrator.inbox.min-age-ms", "200",
                "profi.api.backoff-initial-ms", "50"));
        s.putAll(settings);
        ctx = MigratorContext.open(MigratorConfig.of(s));
        return ctx;
    }

    @AfterEach
    void close() {
        if (camel != null) {
            camel.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void a_zip_dropped_in_the_inbox_is_staged_and_moved_to_done() throws Exception {
        open(Map.of());
        camel = CamelRuntime.start(ctx, Map.of());
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        Path inbox = Files.createDirectories(tmp.resolve("work/inbox"));
        NotifyBuilder staged = new NotifyBuilder(camel.context()).fromRoute("profi-inbox").whenCompleted(1).create();

        Path partial = tmp.resolve("export.zip");
        org.profid365.migrator.pipeline.ZipFixtureAccess.zip(export, partial);
        Files.move(partial, inbox.resolve("export.zip"));

        assertThat(staged.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(rows("select count(*) from staged_record")).containsExactly("17");
        assertThat(rows("select kind || ':' || status from run")).containsExactly("stage:succeeded");
        try (Stream<Path> done = Files.list(inbox.resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-export.zip");
        }
        assertThat(inbox.resolve("export.zip")).doesNotExist();
    }

    @Test
    void a_broken_zip_in_the_inbox_goes_to_failed_and_the_run_says_why() throws Exception {
        open(Map.of());
        camel = CamelRuntime.start(ctx, Map.of());
        Path inbox = Files.createDirectories(tmp.resolve("work/inbox"));
        NotifyBuilder failed = new NotifyBuilder(camel.context()).fromRoute("profi-inbox").whenFailed(1).create();

        Files.writeString(tmp.resolve("broken.zip"), "this is not a zip");
        Files.move(tmp.resolve("broken.zip"), inbox.resolve("broken.zip"));

        assertThat(failed.matches(30, TimeUnit.SECONDS)).isTrue();
        await(() -> Files.isDirectory(inbox.resolve(".failed")) && Files.list(inbox.resolve(".failed")).count() == 1);
        assertThat(rows("select status || ':' || (counters->>'error') from run").get(0))
                .startsWith("failed:Profi export ").contains("broken.zip is not a readable .zip file");
    }

    @Test
    void the_api_pull_stages_exactly_what_the_export_stages() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        open(Map.of("profi.api.page-size", "1"));
        sim = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken"));
        camel = CamelRuntime.start(ctx, Map.of());

        StagingResult viaApi = camel.template().requestBodyAndHeader("direct:profi-api-pull", null, "profiSource",
                sim.baseUrl().toString(), StagingResult.class);
        List<String> apiRows = rows("select object_type, profi_id, encode(content_hash, 'hex') from staged_record order by 1, 2");
        StagingResult viaExport = new ExportStager(ctx).stage(export);

        assertThat(viaApi.total(StagingResult.Counts::read)).isEqualTo(17);
        assertThat(viaApi.rejected()).isZero();
        // same records, same hashes: the second source changed nothing
        assertThat(viaExport.total(StagingResult.Counts::unchanged)).isEqualTo(17);
        assertThat(rows("select object_type, profi_id, encode(content_hash, 'hex') from staged_record order by 1, 2")).isEqualTo(apiRows);
        // page size 1: one request per record plus the empty-cursor pages and the manifest, each with the token
        assertThat(sim.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(sim.requests().stream().filter(r -> r.target().startsWith("/v1/clients")).count()).isEqualTo(2);
        assertThat(rows("select source || '|' || kind from source_export order by id").get(0))
                .isEqualTo(sim.baseUrl() + "|http");
    }

    @Test
    void the_api_pull_asks_only_for_changes_since_the_given_instant() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        open(Map.of());
        sim = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken"));
        camel = CamelRuntime.start(ctx, Map.of());

        StagingResult r = camel.template().requestBodyAndHeaders("direct:profi-api-pull", null,
                Map.of("profiSource", sim.baseUrl().toString(), "profiUpdatedSince", "2024-02-15T00:00:00Z"), StagingResult.class);

        assertThat(sim.requests()).anySatisfy(e -> assertThat(e.target()).contains("updated_since=2024-02-15T00%3A00%3A00Z"));
        // CL-1 (updated 2024-03-01) and the files without timestamps; not CL-2 (2024-01-04)
        assertThat(rows("select profi_id from staged_record where object_type = 'client'")).containsExactly("CL-1");
        assertThat(r.byObject().get("service").read()).isEqualTo(1);
    }

    @Test
    void rate_limits_and_server_errors_are_waited_out_never_retried_before_retry_after() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        open(Map.of("profi.api.page-size", "1"));
        sim = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken").withRateLimit(5, 1)
                .withServerErrors(0.15, 7));
        camel = CamelRuntime.start(ctx, Map.of());

        StagingResult r = camel.template().requestBodyAndHeader("direct:profi-api-pull", null, "profiSource",
                sim.baseUrl().toString(), StagingResult.class);

        assertThat(r.total(StagingResult.Counts::read)).isEqualTo(17);
        assertThat(rows("select count(*) from staged_record")).containsExactly("17");
        List<RequestLogEntry> log = sim.requests();
        assertThat(log).anySatisfy(e -> assertThat(e.status()).isEqualTo(429));
        assertThat(log).anySatisfy(e -> assertThat(e.status()).isEqualTo(503));
        // after every 429 or 503 (Retry-After: 1), the next request came at least a second later
        for (int i = 0; i < log.size() - 1; i++) {
            if (log.get(i).status() == 429 || log.get(i).status() == 503) {
                Duration gap = Duration.between(log.get(i).received(), log.get(i + 1).received());
                assertThat(gap).as("gap after %s", log.get(i)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
            }
        }
    }

    @Test
    void an_api_that_keeps_failing_is_given_up_after_the_configured_time_with_a_clear_error() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        open(Map.of("profi.api.give-up-after-seconds", "3"));
        sim = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken").withServerErrors(1.0, 1));
        camel = CamelRuntime.start(ctx, Map.of());
        Instant start = Instant.now();

        assertThatThrownBy(() -> org.profid365.migrator.cli.CliAccess.stage(camel, sim.baseUrl().toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the Profi API answered HTTP 503");

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(sim.requests().size()).isBetween(2, 5); // 1 s apart (Retry-After: 1) within 3 s
    }

    @Test
    void a_wrong_token_fails_at_once_without_retries() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        open(Map.of("profi.api.token", "wrong"));
        sim = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken"));
        camel = CamelRuntime.start(ctx, Map.of());

        assertThatThrownBy(() -> org.profid365.migrator.cli.CliAccess.stage(camel, sim.baseUrl().toString()))
                .hasMessageContaining("HTTP 401");

        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void a_routes_file_that_loads_no_route_stops_the_start() throws Exception {
        open(Map.of("camel.main.routes-include-pattern", "file:" + tmp.resolve("routes") + "/*.camel.yaml"));
        Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(tmp.resolve("routes/inbox.camel.yaml"), "route:\n  id: profi-inbox\n  from:\n    uri: direct:x\n    steps: []\n");

        assertThatThrownBy(() -> CamelRuntime.start(ctx, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("did not load");
    }

    private List<String> rows(String sql) throws Exception {
        return org.profid365.migrator.SqlRows.rows(ctx.store().dataSource(), sql);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
