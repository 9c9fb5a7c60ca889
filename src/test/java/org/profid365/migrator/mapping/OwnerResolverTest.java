package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.SqlRows;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.report.OwnerReport;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

/** Owner resolution against the Dataverse simulator over real HTTP, on a real embedded PostgreSQL. */
class OwnerResolverTest {

    @TempDir
    Path tmp;
    DataverseSimulator sim;
    DefaultCamelContext camel;
    DataverseConnection dv;
    MigratorConfig config;
    MigratorContext ctx;
    UUID anna;
    UUID bob;
    UUID oneil;
    UUID fallback;

    @BeforeEach
    void start() throws Exception {
        sim = DataverseSimulator.start(DataverseSimOptions.defaults());
        anna = sim.addSystemUser("anna@coach.example", "Anna Berg", false);
        bob = sim.addSystemUser("bob@coach.example", "Bob Gone", true);
        oneil = sim.addSystemUser("o'neil@coach.example", "Pat O'Neil", false);
        fallback = sim.addSystemUser("Migration.Owner@Contoso.example", "Migration Owner", false);
        sim.addSystemUser("old@coach.example", "Old Account", true);
        camel = new DefaultCamelContext();
        camel.start();
        config = MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(), "migrator.db.user", "postgres",
                "migrator.work-dir", tmp.resolve("work").toString(), "dataverse.url", sim.baseUrl().toString(),
                "migrator.owners.query-chunk-size", "3", "dataverse.token", sim.issueToken("migration")));
        dv = DataverseConnection.open(camel, config);
        dv.startUp();
        ctx = MigratorContext.open(config);
        new ExportStager(ctx).stage(export());
    }

    @AfterEach
    void stop() throws Exception {
        ctx.close();
        dv.close();
        camel.close();
        sim.close();
    }

    /**
     * Owners: Anna (enabled, mixed case and spaces in the export), Bob (disabled), Carl (no user), O'Neil (enabled,
     * apostrophe). Carl is also a co-coach of CL-1; Dora only a co-coach. CL-9 is rejected: its owner Zed never counts.
     */
    private Path export() throws Exception {
        return new ExportFixture(tmp.resolve("export"))
                .file("coaches.csv", "id,email,first_name,last_name,role,active,created_at",
                        "CO-1, Anna@Coach.Example ,Anna,Berg,admin,true,2024-01-01T09:00:00Z",
                        "CO-2,bob@coach.example,Bob,Gone,member,false,2023-01-01T09:00:00Z",
                        "CO-3,o'neil@coach.example,Pat,O'Neil,member,true,2023-01-01T09:00:00Z")
                .file("companies.csv", "id,name,owner_email", "CP-1,Acme GmbH,Anna@Coach.Example", "CP-2,Beta AG,carl@nowhere.example")
                .file("clients.csv", "id,first_name,last_name,email,birthdate,company_id,owner_email,co_coach_emails",
                        "CL-1,Maria,Lopez,maria@example.com,,CP-1,ANNA@coach.example,carl@nowhere.example;Dora@coach.example",
                        "CL-2,Ivan,Petrov,ivan@example.com,,,bob@coach.example,",
                        "CL-3,Lea,Ng,lea@example.com,,,o'neil@coach.example,dora@coach.example",
                        "CL-9,Bad,Date,bad@example.com,12/04/1985,,zed@nowhere.example,")
                .file("sessions.csv", "id,client_id,coach_email,title,start_at,status",
                        "SE-1,CL-1,anna@coach.example,Kick-off,2024-01-10T10:00:00Z,completed",
                        "SE-2,CL-1,anna@coach.example,Second,2024-01-17T10:00:00Z,completed",
                        "SE-3,CL-2,bob@coach.example,Third,2024-01-18T10:00:00Z,completed",
                        "SE-4,CL-3,carl@nowhere.example,Fourth,2024-01-19T10:00:00Z,scheduled")
                .file("notes.csv", "id,client_id,session_id,author_email,title,body",
                        "NO-1,CL-1,SE-1,Anna@Coach.Example,After kick-off,Short",
                        "NO-2,CL-3,,o'neil@coach.example,Intro,Hello")
                .dir();
    }

    private OwnerResolution resolve(MigratorContext c) throws Exception {
        return new OwnerResolver(c, dv.reader()).resolve();
    }

    private List<DataverseRequestLog> lookups() {
        return sim.requests().stream().filter(l -> l.path().contains("/systemusers?")).toList();
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private MigratorContext withFallback(String email) {
        return MigratorContext.open(config.with("migrator.owners.fallback", email));
    }

    @Test
    void matched_owners_keep_their_user_and_unmatched_and_disabled_go_to_the_fallback() throws Exception {
        try (MigratorContext c = withFallback(" migration.owner@contoso.example ")) {
            OwnerResolution r = resolve(c);

            assertThat(r.preflightOk()).isTrue();
            assertThat(r.reasons()).isEmpty();
            assertThat(r.fallback().systemUserId()).isEqualTo(fallback);
            assertThat(r.owners()).extracting(o -> o.email() + "=" + o.status().code())
                    .containsExactly("anna@coach.example=matched", "bob@coach.example=disabled",
                            "carl@nowhere.example=unmatched", "dora@coach.example=unmatched", "o'neil@coach.example=matched");
            assertThat(r.owner("Anna@Coach.Example").orElseThrow().resolvedTo()).isEqualTo(anna);
            assertThat(r.owner("o'neil@coach.example").orElseThrow().resolvedTo()).isEqualTo(oneil);
            OwnerMatch bobMatch = r.owner("bob@coach.example").orElseThrow();
            assertThat(bobMatch.systemUserId()).isEqualTo(bob);
            assertThat(bobMatch.resolvedTo()).isEqualTo(fallback);
            OwnerMatch carl = r.owner("carl@nowhere.example").orElseThrow();
            assertThat(carl.systemUserId()).isNull();
            assertThat(carl.resolvedTo()).isEqualTo(fallback);
        }
    }

    @Test
    void records_are_counted_per_owner_and_type_ignoring_rejected_records_and_co_coaching() throws Exception {
        try (MigratorContext c = withFallback("migration.owner@contoso.example")) {
            OwnerResolution r = resolve(c);

            assertThat(r.owner("anna@coach.example").orElseThrow().recordCounts()).containsExactly(entry("coach", 1L),
                    entry("company", 1L), entry("client", 1L), entry("session", 2L), entry("note", 1L));
            assertThat(r.owner("bob@coach.example").orElseThrow().recordCounts()).containsExactly(entry("coach", 1L),
                    entry("client", 1L), entry("session", 1L));
            OwnerMatch carl = r.owner("carl@nowhere.example").orElseThrow();
            assertThat(carl.recordCounts()).containsExactly(entry("company", 1L), entry("session", 1L));
            assertThat(carl.coCoachedClients()).isEqualTo(1);
            OwnerMatch dora = r.owner("dora@coach.example").orElseThrow();
            assertThat(dora.recordCounts()).isEmpty();
            assertThat(dora.coCoachedClients()).isEqualTo(2);
            assertThat(r.owner("o'neil@coach.example").orElseThrow().ownedRecords()).isEqualTo(3);
            assertThat(r.owner("zed@nowhere.example")).isEmpty();
        }
    }

    @Test
    void coach_profiles_report_whether_their_email_matched_an_enabled_user() throws Exception {
        OwnerResolution r = resolve(ctx);

        assertThat(r.coaches()).extracting(cl -> cl.profiId() + " " + cl.email() + " " + cl.status().code() + " " + cl.linked())
                .containsExactly("CO-1 anna@coach.example matched true", "CO-2 bob@coach.example disabled false",
                        "CO-3 o'neil@coach.example matched true");
        assertThat(r.coach("CO-1").orElseThrow().systemUserId()).isEqualTo(anna);
        assertThat(r.coach("CO-3").orElseThrow().name()).isEqualTo("Pat O'Neil");
    }

    @Test
    void without_a_fallback_the_preflight_fails_naming_the_disabled_and_unmatched_owners() throws Exception {
        OwnerResolution r = resolve(ctx);

        assertThat(r.fallback()).isNull();
        assertThat(r.preflightOk()).isFalse();
        assertThat(r.reasons()).hasSize(1);
        assertThat(r.reasons().get(0)).contains("bob@coach.example (disabled, 3 records)")
                .contains("carl@nowhere.example (unmatched, 2 records)").contains("migrator.owners.fallback")
                // owning nothing, a co-coach never blocks the load
                .doesNotContain("dora@coach.example");
        assertThat(r.owner("bob@coach.example").orElseThrow().resolvedTo()).isNull();
        assertThat(r.owner("anna@coach.example").orElseThrow().resolvedTo()).isEqualTo(anna);
    }

    @Test
    void a_fallback_without_an_enabled_user_is_an_error_naming_it() throws Exception {
        try (MigratorContext c = withFallback("ghost@contoso.example")) {
            OwnerResolution r = resolve(c);

            assertThat(r.preflightOk()).isFalse();
            assertThat(r.fallback().status()).isEqualTo(OwnerStatus.UNMATCHED);
            assertThat(r.reasons().get(0)).contains("ghost@contoso.example").contains("has no Dynamics user");
            assertThat(r.owner("carl@nowhere.example").orElseThrow().resolvedTo()).isNull();
        }
        try (MigratorContext c = withFallback("old@coach.example")) {
            OwnerResolution r = resolve(c);

            assertThat(r.preflightOk()).isFalse();
            assertThat(r.reasons().get(0)).contains("old@coach.example").contains("disabled");
        }
    }

    @Test
    void emails_are_looked_up_in_chunks_joined_with_or_and_the_apostrophe_is_escaped() throws Exception {
        resolve(ctx);

        // the simulator logs a request just after answering it: wait for the log to catch up
        await(() -> lookups().size() >= 2);
        // five emails, three per request
        assertThat(lookups()).hasSize(2);
        assertThat(lookups().get(1).path()).contains("o%27%27neil@coach.example");
        assertThat(lookups().get(0).path()).contains("%20or%20").contains("isdisabled");
    }

    @Test
    void the_resolution_is_stored_per_email_and_rewritten_on_each_run() throws Exception {
        resolve(ctx);
        try (MigratorContext c = withFallback("migration.owner@contoso.example")) {
            resolve(c);
        }

        // jsonb prints keys shortest first
        List<String> rows = SqlRows.rows(ctx.store().dataSource(), "select email, status, systemuser_id, resolved_to, "
                + "record_counts::text, co_coached_clients, is_coach from owner_resolution order by email");
        assertThat(rows).containsExactly(
                "anna@coach.example|matched|" + anna + "|" + anna
                        + "|{\"note\": 1, \"coach\": 1, \"client\": 1, \"company\": 1, \"session\": 2}|0|t",
                "bob@coach.example|disabled|" + bob + "|" + fallback + "|{\"coach\": 1, \"client\": 1, \"session\": 1}|0|t",
                "carl@nowhere.example|unmatched|null|" + fallback + "|{\"company\": 1, \"session\": 1}|1|f",
                "dora@coach.example|unmatched|null|" + fallback + "|{}|2|f",
                "o'neil@coach.example|matched|" + oneil + "|" + oneil + "|{\"note\": 1, \"coach\": 1, \"client\": 1}|0|t");
        assertThat(OwnerResolver.storedOwner(ctx, " BOB@coach.example")).contains(fallback);
    }

    @Test
    void the_reports_carry_every_owner_and_escape_every_value() throws Exception {
        OwnerResolution r = resolve(ctx);

        Path dir = tmp.resolve("reports");
        String csv = Files.readString(OwnerReport.writeCsv(r, dir), StandardCharsets.UTF_8);
        String html = Files.readString(OwnerReport.writeHtml(r, dir), StandardCharsets.UTF_8);
        String table = OwnerReport.table(r);

        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", OwnerReport.CSV_HEADER));
        assertThat(csv).contains("carl@nowhere.example,unmatched,,,NOWHERE (no usable fallback),,2,0,1,0,1,0,1,");
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("<link")
                .contains("o&#39;neil@coach.example").contains("Pat O&#39;Neil").doesNotContain("o'neil").contains("Failed");
        assertThat(table).contains("Preflight: FAILED").contains("bob@coach.example").contains("disabled");
    }
}
