package org.profid365.migrator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.cli.CliRun;
import org.profid365.migrator.dataverse.DataverseRequest;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.FieldMapping;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.mapping.Transforms;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.verify.FieldComparison.Row;
import org.profid365.migrator.verify.FieldComparison.Status;

/**
 * The promises a customer buys, in the order an operator keeps them, against a generated export (every trap, every
 * custom field, the mapping propose-map writes) and the simulated org over HTTP: {@code migrate --sample N} loads a
 * representative, closed sample and its diff shows no mismatch; a value map that differs from what Dynamics holds
 * shows exactly those fields; the full run after the kept sample writes only the rest, and {@code verify} finds
 * nothing wrong; a field changed in Dynamics afterwards is the one discrepancy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleAndVerifyTest {

    static final int ASKED = 40;
    /** Staged records the load may still take: not rejected while staging. */
    static final String LIVE = """
            not exists (select 1 from dead_letter d where d.migration_id = s.migration_id and d.object_type = s.object_type
                        and d.profi_id = s.profi_id and d.stage in ('stage', 'reference'))""";

    VerifyFixture f;
    CliRun sampleCli;
    long sampleRun;
    SampleDiff.Result diff;

    @BeforeAll
    void sample(@TempDir Path tmp) throws Exception {
        f = VerifyFixture.start(tmp, 60, 11, "migrator.load.batch-size", "40", "dataverse.client.bulk-size", "25",
                "migrator.verify.page-size", "37");
        sampleCli = CliRun.of(f.cli("migrate", "--sample", String.valueOf(ASKED)));
        System.out.println(sampleCli.out());
        sampleRun = count("select coalesce(max(id), 0) from run where migration_id = ? and kind = 'sample'");
        diff = SampleDiff.of(f.ctx, f.dv, f.mapping, sampleRun);
    }

    @AfterAll
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void the_sample_covers_every_object_type_custom_field_and_value_and_is_closed_under_its_references() throws Exception {
        assertThat(sampleCli.out()).as(sampleCli.err()).contains("Sample of run " + sampleRun, "Field-level diff of");
        assertThat(strings("select distinct object_type from staged_with_state s join run_sample r on r.staged_id = s.id "
                + "where s.migration_id = ? and r.run_id = " + sampleRun))
                .isEqualTo(strings("select distinct object_type from staged_with_state s where migration_id = ? and " + LIVE));
        // every custom field filled somewhere is filled in the sample
        String customFields = """
                select distinct s.object_type || '.' || e.key from staged_with_state s, jsonb_each_text(s.payload) e
                where s.migration_id = ? and e.key like 'cf\\_%%' and btrim(e.value) <> '' and %s""";
        Set<String> allCustom = strings(customFields.formatted(LIVE));
        assertThat(allCustom).hasSizeGreaterThan(10);
        assertThat(strings(customFields.formatted("s.id in (select staged_id from run_sample where run_id = " + sampleRun + ")")))
                .isEqualTo(allCustom);
        // every value-map entry hit somewhere is hit in the sample (fields with the same value map in every target)
        assertThat(valueEntries(true)).isEqualTo(valueEntries(false)).isNotEmpty();
        // closure: what a sampled record references is sampled, with the participants of its sessions and its coaches
        for (ProfiObject o : ProfiObject.values()) {
            for (Column col : o.columns()) {
                if (col.references() != null) {
                    assertThat(count("""
                            select count(*) from run_sample rs
                            join staged_with_state r on r.id = rs.staged_id and r.object_type = '%s'
                            join staged_with_state s on s.migration_id = r.migration_id and s.object_type = '%s'
                                                 and s.profi_id = btrim(r.payload ->> '%s')
                            where r.migration_id = ? and rs.run_id = %d and s.load_state <> 'rejected' and %s
                              and not exists (select 1 from run_sample x where x.run_id = rs.run_id and x.staged_id = s.id)
                            """.formatted(o.typeName(), col.references().typeName(), col.name(), sampleRun, LIVE)))
                            .as(o.typeName() + "." + col.name()).isZero();
                }
            }
        }
        assertThat(count("""
                select count(*) from run_sample rs join staged_with_state r on r.id = rs.staged_id and r.object_type = 'session'
                join staged_with_state s on s.migration_id = r.migration_id and s.object_type = 'session_participant'
                                     and s.payload ->> 'session_id' = r.profi_id
                where r.migration_id = ? and rs.run_id = %d and %s
                  and not exists (select 1 from run_sample x where x.run_id = rs.run_id and x.staged_id = s.id)
                """.formatted(sampleRun, LIVE))).isZero();
        assertThat(count("""
                select count(*) from run_sample rs join staged_with_state r on r.id = rs.staged_id
                join staged_with_state s on s.migration_id = r.migration_id and s.object_type = 'coach'
                                     and lower(btrim(s.payload ->> 'email')) = lower(btrim(r.payload ->> 'owner_email'))
                where r.migration_id = ? and rs.run_id = %d and %s
                  and not exists (select 1 from run_sample x where x.run_id = rs.run_id and x.staged_id = s.id)
                """.formatted(sampleRun, LIVE))).isZero();
        // a sample, not everything; and at least what was asked
        long sampledToWrite = count("select count(*) from run_sample rs join staged_with_state s on s.id = rs.staged_id where "
                + "s.migration_id = ? and rs.run_id = " + sampleRun + " and s.object_type in ('coach','company','client',"
                + "'enrollment','payment','invoice','session','note','file')");
        assertThat(sampledToWrite).isGreaterThanOrEqualTo(ASKED).isLessThan(count("select count(*) from staged_with_state s "
                + "where migration_id = ? and object_type in ('coach','company','client','enrollment','payment','invoice',"
                + "'session','note','file') and " + LIVE));
        // the traps the object map cares about are in it
        assertThat(sampleCli.out()).doesNotContain("not covered:");
        assertThat(strings("select distinct target_table from id_map where migration_id = ?")).contains("contact", "lead");
    }

    @Test
    @Order(2)
    void the_sample_run_loads_only_the_sample_and_its_diff_reads_every_field_back_without_a_mismatch() throws Exception {
        assertThat(diff.rows().stream().filter(r -> r.status() == Status.MISMATCH).toList()).isEmpty();
        assertThat(diff.summary().total(Status.MATCH)).isPositive();
        assertThat(diff.summary().total(Status.TRANSFORMED)).isPositive();
        assertThat(diff.summary().total(Status.NOT_MIGRATED)).isPositive();
        // every record the sample wrote is in the diff, each of its fields a row; nothing outside the sample was loaded
        assertThat(count("select count(*) from staged_with_state where migration_id = ? and load_state = 'loaded' and id not in "
                + "(select staged_id from run_sample where run_id = " + sampleRun + ")")).isZero();
        Set<String> compared = new HashSet<>();
        diff.rows().stream().filter(r -> !r.targetId().isEmpty()).forEach(r -> compared.add(r.targetId()));
        assertThat(compared).isEqualTo(strings("select target_id::text from id_map where migration_id = ? and state = 'confirmed'"));
        Row email = diff.rows().stream().filter(r -> r.table().equals("contact") && r.field().equals("email")
                && !r.source().isEmpty()).findFirst().orElseThrow();
        assertThat(email.column()).isEqualTo("emailaddress1");
        assertThat(email.actual()).isEqualTo(email.expected()).isEqualTo(email.source().strip().toLowerCase());
        Row company = diff.rows().stream().filter(r -> r.table().equals("contact") && r.field().equals("company_id")
                && !r.source().isEmpty()).findFirst().orElseThrow();
        assertThat(company.status()).isEqualTo(Status.TRANSFORMED);
        assertThat(company.column()).isEqualTo("parentcustomerid");
        assertThat(company.expected()).isEqualTo(new RecordIds(UUID.fromString(VerifyFixture.NAMESPACE))
                .of("company", company.source().strip()).toString());
        assertThat(diff.rows()).anyMatch(r -> r.status() == Status.NOT_MIGRATED && r.note().startsWith("skipped: "));
        // the ledger, the exit code and the reports
        assertThat(strings("select kind || ' ' || status from run where migration_id = ? and id = " + sampleRun))
                .containsExactly("sample succeeded");
        long sampleDeadLetters = count("select count(*) from dead_letter where migration_id = ? and stage like 'load-%' "
                + "and run_id = " + sampleRun);
        assertThat(sampleCli.exit()).as(sampleCli.err()).isEqualTo(sampleDeadLetters > 0 ? 1 : 0);
        Path reports = f.work.resolve("reports");
        assertThat(Files.readString(reports.resolve("sample-diff.html"))).contains("Per table", "Per field", "sortBy",
                "filterRows", "transactioncurrencyid");
        List<String> csv = Files.readAllLines(reports.resolve("sample-diff.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).isEqualTo(String.join(",", org.profid365.migrator.report.FieldDiffReport.CSV_HEADER));
        assertThat(csv.size()).isGreaterThan(diff.rows().size());
    }

    @Test
    @Order(3)
    void a_value_map_that_differs_from_what_dynamics_holds_shows_exactly_those_fields_as_mismatches() throws Exception {
        String yaml = Files.readString(f.mappingFile);
        assertThat(yaml.split("video: 727000000", -1)).hasSize(2);
        Path wrongFile = f.mappingFile.resolveSibling("mapping-wrong.yaml");
        Files.writeString(wrongFile, yaml.replace("video: 727000000", "video: 727000001"));
        MappingLoader.LoadedMapping wrong = MappingLoader.load(wrongFile);
        new MappingApprovals(f.ctx).approve(wrong, "test");

        SampleDiff.Result d = SampleDiff.of(f.ctx, f.dv, wrong, sampleRun);

        List<Row> mismatches = d.rows().stream().filter(r -> r.status() == Status.MISMATCH).toList();
        assertThat(mismatches).isNotEmpty().allSatisfy(r -> {
            assertThat(r.table()).isEqualTo("task");
            assertThat(r.field()).isEqualTo("medium");
            assertThat(r.column()).isEqualTo("profi_medium");
            assertThat(r.expected()).isEqualTo("727000001");
            assertThat(r.actual()).isEqualTo("727000000");
        });
        assertThat(mismatches.stream().map(Row::targetId).toList()).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(mismatches.stream().map(Row::targetId).toList())).isEqualTo(strings("""
                select m.target_id::text from id_map m
                join staged_with_state s on s.migration_id = m.migration_id and s.object_type = 'session' and s.profi_id = m.profi_id
                where m.migration_id = ? and m.target_table = 'task' and m.state = 'confirmed'
                  and lower(btrim(s.payload ->> 'medium')) = 'video'
                """));
        assertThat(d.summary().total(Status.MISMATCH)).isEqualTo(mismatches.size());
    }

    @Test
    @Order(4)
    void the_full_run_after_the_kept_sample_writes_only_the_rest_and_verify_finds_nothing_wrong() throws Exception {
        long sampleTargets = count("select count(*) from id_map where migration_id = ?");
        LoadJob.Outcome full = LoadJob.runFull(f.camel, f.ctx, f.dv, f.mapping, System.out);
        assertThat(full.status()).isEqualTo("succeeded");
        // no record of the sample was written again: one create per target, the sample's from the sample run
        assertThat(count("select count(*) from audit_log where migration_id = ? and operation = 'create'"))
                .isEqualTo(count("select count(*) from id_map where migration_id = ?"));
        assertThat(count("select count(*) from audit_log where migration_id = ? and operation = 'create' and run_id = "
                + sampleRun)).isEqualTo(sampleTargets);

        CliRun r = CliRun.of(f.cli("verify"));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Verification: OK, no discrepancy");
        JsonNode json = new ObjectMapper().readTree(f.work.resolve("reports/verify.json").toFile());
        assertThat(json.path("ok").asBoolean()).isTrue();
        assertThat(f.work.resolve("reports/verify.html")).content().contains("Records per table", "Per field");
        // the counts add up: every written record is in Dynamics, every staged record is accounted for
        long confirmed = count("select count(*) from id_map where migration_id = ? and state = 'confirmed'");
        long written = 0;
        for (JsonNode t : json.path("tables")) {
            assertThat(t.path("present").asLong()).as(t.path("table").asText()).isEqualTo(t.path("written").asLong());
            assertThat(t.path("missing").asLong()).isZero();
            assertThat(t.path("other_records").asLong()).isZero();
            written += t.path("written").asLong();
        }
        assertThat(written).isEqualTo(confirmed);
        for (JsonNode t : json.path("object_types")) {
            assertThat(t.path("staged").asLong() + count("select count(*) from dead_letter where migration_id = ? and stage = "
                    + "'stage' and object_type = '" + t.path("object_type").asText() + "' and record_key <> coalesce(profi_id, '')"))
                    .isEqualTo(t.path("source").asLong());
            if (t.path("written_to_a_table").asBoolean()) {
                assertThat(t.path("pending").asLong()).isZero();
                assertThat(t.path("loaded").asLong() + t.path("dead_lettered").asLong())
                        .isEqualTo(t.path("source").asLong() - t.path("deleted").asLong());
            }
        }
        assertThat(json.path("fields").path("records_compared").asLong()).isEqualTo(confirmed);
        assertThat(json.path("fields").path("mismatch").asLong()).isZero();
        assertThat(json.path("lookups_checked").asLong()).isPositive();
        assertThat(json.path("owners_checked").asLong()).isEqualTo(confirmed);
        assertThat(strings("select status from run where migration_id = ? and kind = 'verify'")).containsExactly("succeeded");
        assertThat(count("select count(*) from verify_seen")).isZero();
    }

    @Test
    @Order(5)
    void a_field_changed_in_dynamics_after_the_load_is_the_one_discrepancy() throws Exception {
        String[] contact = row("""
                select m.target_id::text, m.profi_id, lower(btrim(s.payload ->> 'email')) from id_map m
                join staged_with_state s on s.migration_id = m.migration_id and s.object_type = 'client' and s.profi_id = m.profi_id
                where m.migration_id = ? and m.target_table = 'contact' and m.state = 'confirmed'
                  and coalesce(btrim(s.payload ->> 'email'), '') <> ''
                order by m.profi_id limit 1
                """);
        f.dv.client().execute(DataverseRequest.patch("contacts(" + contact[0] + ")",
                "{\"emailaddress1\":\"someone.else@example.org\"}")).requireSuccess();

        Verification.Result r = new Verification(f.ctx, f.dv, f.mapping).run();

        assertThat(r.discrepancies()).as(r.listed().toString()).isEqualTo(1);
        Verification.Discrepancy d = r.listed().get(0);
        assertThat(d.kind()).isEqualTo("field");
        assertThat(d.objectType()).isEqualTo("client");
        assertThat(d.profiId()).isEqualTo(contact[1]);
        assertThat(d.targetId()).isEqualTo(contact[0]);
        assertThat(d.field()).isEqualTo("email");
        assertThat(d.column()).isEqualTo("emailaddress1");
        assertThat(d.expected()).isEqualTo(contact[2]);
        assertThat(d.actual()).isEqualTo("someone.else@example.org");
        assertThat(org.profid365.migrator.report.VerificationReport.text(r)).contains("1 discrepancy",
                "someone.else@example.org");
    }

    @Test
    @Order(6)
    void a_record_deleted_in_dynamics_is_reported_missing_and_its_table_no_longer_adds_up() throws Exception {
        String[] coach = row("select target_id::text, profi_id from id_map where migration_id = ? and target_table = "
                + "'profi_coach' and state = 'confirmed' order by profi_id limit 1");
        f.dv.client().execute(DataverseRequest.delete(f.dv.metadata().entitySetName("profi_coach") + "(" + coach[0] + ")"))
                .requireSuccess();

        Verification.Result r = new Verification(f.ctx, f.dv, f.mapping).run();

        assertThat(r.discrepanciesByKind()).containsEntry("missing", 1L).containsEntry("field", 1L);
        assertThat(r.discrepancies()).isEqualTo(2);
        assertThat(r.listed()).anySatisfy(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.objectType()).isEqualTo("coach");
            assertThat(d.profiId()).isEqualTo(coach[1]);
            assertThat(d.targetId()).isEqualTo(coach[0]);
        });
        Verification.TableCounts coaches = r.tables().stream().filter(t -> t.table().equals("profi_coach")).findFirst()
                .orElseThrow();
        assertThat(coaches.missing()).isEqualTo(1);
        assertThat(coaches.present()).isEqualTo(coaches.written() - 1);
    }

    /** Value-map entries hit by the live staged records (or the sampled ones), per object and field. */
    private Set<String> valueEntries(boolean sampleOnly) throws Exception {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, ObjectMapping> o : f.mapping.mapping().objects().entrySet()) {
            Map<String, FieldMapping> fields = new HashMap<>();
            Set<String> differing = new HashSet<>();
            for (ObjectMapping.TargetMapping t : o.getValue().targets().values()) {
                t.fields().forEach((name, fm) -> {
                    if (fm.values() != null && !name.contains(".")) {
                        FieldMapping seen = fields.putIfAbsent(name, fm);
                        if (seen != null && !seen.values().equals(fm.values())) {
                            differing.add(name);
                        }
                    }
                });
            }
            if (o.getValue().targets().size() > 1) {
                // a field only one of the targets has depends on where the record goes: leave it out
                for (ObjectMapping.TargetMapping t : o.getValue().targets().values()) {
                    fields.keySet().removeIf(name -> t.fields().get(name) == null || t.fields().get(name).values() == null);
                }
            }
            differing.forEach(fields::remove);
            for (Map.Entry<String, FieldMapping> e : fields.entrySet()) {
                List<String> raw = new ArrayList<>();
                try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                        "select s.payload ->> ? from staged_with_state s where s.migration_id = ? and s.object_type = ? and "
                                + (sampleOnly ? "s.id in (select staged_id from run_sample where run_id = " + sampleRun + ")" : LIVE))) {
                    ps.setString(1, e.getKey());
                    ps.setLong(2, f.ctx.migration().id());
                    ps.setString(3, o.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            raw.add(rs.getString(1));
                        }
                    }
                }
                for (String v : raw) {
                    if (v == null || v.isBlank()) {
                        continue;
                    }
                    Object value = v;
                    try {
                        for (String t : e.getValue().transform() == null ? List.<String>of() : e.getValue().transform()) {
                            value = Transforms.apply(t, value, java.time.ZoneOffset.UTC);
                        }
                    } catch (Exception ex) {
                        continue;
                    }
                    for (String item : String.valueOf(value).split(",")) {
                        if (e.getValue().values().containsKey(item)) {
                            out.add(o.getKey() + "." + e.getKey() + "=" + item);
                        }
                    }
                }
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int n = sql.split("\\?", -1).length - 1;
            for (int i = 1; i <= n; i++) {
                ps.setLong(i, f.ctx.migration().id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Set<String> strings(String sql) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private String[] row(String sql) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String[] out = new String[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getString(i + 1);
                }
                return out;
            }
        }
    }
}
