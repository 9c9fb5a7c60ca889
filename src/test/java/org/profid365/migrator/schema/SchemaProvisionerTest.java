package org.profid365.migrator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.cli.ExitCodes;
import org.profid365.migrator.cli.MigratorCommand;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.ChoiceOption;
import org.profid365.migrator.dataverse.ColumnSpec;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.dataverse.KeyIndexStatus;
import org.profid365.migrator.dataverse.MetadataClient;
import org.profid365.migrator.dataverse.TableSpec;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.schema.SchemaPlan.Action;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

class SchemaProvisionerTest {

    private static final Set<String> CUSTOM_TABLES = Set.of("profi_coach", "profi_programenrollment", "profi_coachingpayment");

    @TempDir
    Path tmp;

    DataverseSimulator sim;
    DefaultCamelContext camel;
    DataverseConnection dv;
    String token;
    String db;
    MigratorContext ctx;

    @BeforeEach
    void start() throws Exception {
        sim = DataverseSimulator.start(DataverseSimOptions.defaults().keyActivationDelayMillis(100));
        camel = new DefaultCamelContext();
        camel.start();
        token = sim.issueToken("migration");
        db = TestDatabase.newDatabaseUrl();
        ctx = MigratorContext.open(MigratorConfig.of(settings()));
        dv = DataverseConnection.open(camel, MigratorConfig.of(settings()));
        dv.startUp();
    }

    @AfterEach
    void stop() throws Exception {
        dv.close();
        camel.close();
        ctx.close();
        sim.close();
    }

    private Map<String, String> settings() {
        Map<String, String> m = new HashMap<>();
        m.put("dataverse.url", sim.baseUrl().toString());
        m.put("dataverse.token", token);
        m.put("dataverse.client.key-poll-interval-ms", "50");
        m.put("dataverse.client.backoff-initial-ms", "50");
        m.put("migrator.work-dir", tmp.resolve("work").toString());
        m.put("migrator.db.url", db);
        m.put("migrator.db.user", "postgres");
        return m;
    }

    private SchemaProvisioner provisioner(MappingFile mapping, Edition edition) {
        return SchemaProvisioner.of(dv, mapping, edition, changes());
    }

    private SchemaChanges changes() {
        return new SchemaChanges(ctx.store().dataSource(), ctx.migration().id());
    }

    private List<String> recorded() throws Exception {
        return org.profid365.migrator.SqlRows.rows(ctx.store().dataSource(), "select kind || ' ' || table_name || ' ' || name "
                + "|| coalesce(' ' || lookup_column, '') from schema_change order by id");
    }

    private static List<DataverseRequestLog> writes(List<DataverseRequestLog> log) {
        return log.stream().filter(r -> !r.method().equals("GET")).toList();
    }

    @Test
    void the_default_mapping_against_a_fresh_org_plans_its_three_custom_tables_with_columns_lookups_and_keys() {
        SchemaPlan plan = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL).dryRun();

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.tables()).extracting(SchemaPlan.TablePlan::table, SchemaPlan.TablePlan::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("profi_coach", Action.CREATE),
                        org.assertj.core.groups.Tuple.tuple("profi_programenrollment", Action.CREATE),
                        org.assertj.core.groups.Tuple.tuple("profi_coachingpayment", Action.CREATE));
        assertThat(plan.tables()).allSatisfy(t -> {
            assertThat(t.spec().primaryNameSchemaName()).isEqualTo("profi_name");
            assertThat(t.spec().hasNotes()).isTrue();
        });
        assertThat(plan.tables().get(2).spec().primaryNameMaxLength()).isEqualTo(100);
        assertThat(plan.tables().get(2).spec().primaryNameDisplayName()).isEqualTo("Invoice number");

        // every custom table and every standard target gets its Profi id column, all to create
        assertThat(plan.columns()).filteredOn(c -> c.spec().logicalName().equals("profi_profiid"))
                .extracting(SchemaPlan.ColumnPlan::table)
                .containsExactlyInAnyOrder("profi_coach", "account", "contact", "lead", "profi_programenrollment",
                        "profi_coachingpayment", "task", "annotation");
        assertThat(plan.columns()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.CREATE));
        assertThat(plan.columns()).filteredOn(c -> c.table().equals("profi_coach"))
                .extracting(c -> c.spec().logicalName())
                .containsExactly("profi_profiid", "profi_email", "profi_title", "profi_specialty", "profi_credentials",
                        "profi_bio", "profi_active", "profi_originalcreatedate");
        ColumnSpec email = column(plan, "profi_coach", "profi_email");
        assertThat(email.type()).isEqualTo(ColumnSpec.Type.STRING);
        assertThat(email.maxLength()).isEqualTo(100);
        assertThat(email.format()).isEqualTo("Email");
        assertThat(column(plan, "profi_coach", "profi_bio").type()).isEqualTo(ColumnSpec.Type.MEMO);
        assertThat(column(plan, "profi_programenrollment", "profi_enrolledon").type()).isEqualTo(ColumnSpec.Type.DATE_ONLY);
        assertThat(column(plan, "profi_programenrollment", "profi_progresspercent").precision()).isEqualTo(2);
        assertThat(column(plan, "profi_coachingpayment", "profi_amount").type()).isEqualTo(ColumnSpec.Type.MONEY);
        assertThat(column(plan, "task", "profi_recordingurl").format()).isEqualTo("Url");
        assertThat(column(plan, "task", "profi_medium").options()).extracting(o -> o.value() + " " + o.label())
                .containsExactly("727000000 Video", "727000001 Audio", "727000002 In Person", "727000003 Phone");
        assertThat(column(plan, "account", "profi_industry").maxLength()).isEqualTo(200);

        assertThat(plan.lookups()).extracting(l -> l.table() + "." + l.spec().lookupSchemaName() + "->"
                        + l.spec().referencedTable() + "/" + l.spec().deleteCascade())
                .containsExactly("profi_coach.profi_userid->systemuser/RemoveLink",
                        "profi_programenrollment.profi_ContactId->contact/Cascade",
                        "profi_coachingpayment.profi_ContactId->contact/Cascade");
        assertThat(plan.keys()).extracting(k -> k.table() + ":" + k.spec().keyAttributes())
                .containsExactly("profi_coach:[profi_profiid]", "profi_programenrollment:[profi_profiid]",
                        "profi_coachingpayment:[profi_profiid]");
        assertThat(plan.customTableCount()).isEqualTo(3);
        assertThat(plan.customTableCountText()).isEqualTo("3 of 15 (sales-professional)");
        assertThat(plan.isEmpty()).isFalse();
        // a dry run only reads
        assertThat(writes(sim.requests())).isEmpty();
    }

    @Test
    void apply_creates_the_schema_and_a_second_run_plans_nothing_and_sends_no_metadata_write() {
        SchemaProvisioner provisioner = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL);
        SchemaPlan planned = provisioner.dryRun();

        SchemaProvisioner.Applied applied = provisioner.apply();

        assertThat(applied.plan().problems()).isEmpty();
        assertThat(applied.done()).contains("created table profi_coach", "created column account.profi_profiid",
                "created lookup profi_programenrollment.profi_ContactId -> contact");
        assertThat(applied.done().get(applied.done().size() - 1)).startsWith("published ");
        MetadataClient md = dv.metadata();
        for (String table : CUSTOM_TABLES) {
            assertThat(md.table(table)).as(table).isPresent();
            assertThat(md.table(table).orElseThrow().primaryNameAttribute()).isEqualTo("profi_name");
            assertThat(md.alternateKeyStatus(table, table + "_profiid_key")).contains(KeyIndexStatus.ACTIVE);
        }
        for (SchemaPlan.ColumnPlan c : planned.columns()) {
            assertThat(md.column(c.table(), c.spec().logicalName())).as(c.table() + "." + c.spec().logicalName()).isPresent();
        }
        JsonNode lookup = md.column("profi_programenrollment", "profi_contactid").orElseThrow();
        assertThat(lookup.path("AttributeType").asText()).isEqualTo("Lookup");
        assertThat(md.lookup("profi_contact_programenrollment_contactid").navigationProperty()).isEqualTo("profi_ContactId");
        assertThat(md.choiceOptions("contact", "profi_clientlifecyclestage")).containsEntry(727000004, "Alumni");
        assertThat(sim.stateJson()).contains("profi_coachingpayment");
        List<DataverseRequestLog> first = writes(sim.requests());
        assertThat(first).anySatisfy(r -> assertThat(r.path()).endsWith("/PublishXml"));
        // metadata writes were sent one per component: 3 tables + columns + 3 lookups + 3 keys + publish (+ publisher, solution)
        assertThat(first.stream().filter(r -> r.path().contains("/Attributes") && r.method().equals("POST")).count())
                .isEqualTo(planned.columns().size());

        int before = sim.requests().size();
        SchemaPlan second = provisioner.dryRun();
        SchemaProvisioner.Applied again = provisioner.apply();

        assertThat(second.problems()).isEmpty();
        assertThat(second.isEmpty()).isTrue();
        assertThat(second.tables()).allSatisfy(t -> assertThat(t.action()).isEqualTo(Action.EXISTS));
        assertThat(second.columns()).hasSameSizeAs(planned.columns())
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.EXISTS));
        assertThat(second.lookups()).hasSize(3).allSatisfy(l -> assertThat(l.action()).isEqualTo(Action.EXISTS));
        assertThat(second.keys()).hasSize(3).allSatisfy(k -> assertThat(k.action()).isEqualTo(Action.EXISTS));
        assertThat(second.customTablesExisting()).isEqualTo(3);
        assertThat(second.customTableCountText()).isEqualTo("3 of 15 (sales-professional)");
        assertThat(again.done()).isEmpty();
        assertThat(writes(sim.requests().subList(before, sim.requests().size()))).isEmpty();
    }

    @Test
    void apply_records_each_component_it_creates_before_creating_it_and_never_one_that_existed() throws Exception {
        // a column the org had before: the plan finds it in place, so it is not the migration's
        dv.metadata().createColumn("account", ColumnSpec.string("profi_profiid", "Profi ID", 100));
        SchemaProvisioner provisioner = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL);
        SchemaPlan planned = provisioner.dryRun();
        // write-ahead: when the k-th create request lands, k records are committed already
        List<Long> recordedWhenLanded = new java.util.concurrent.CopyOnWriteArrayList<>();
        sim.beforeAnswer(r -> {
            if (r.method().equals("POST") && (r.path().endsWith("EntityDefinitions") || r.path().endsWith("/Attributes")
                    || r.path().endsWith("RelationshipDefinitions") || r.path().endsWith("/Keys"))) {
                try {
                    recordedWhenLanded.add(Long.parseLong(org.profid365.migrator.SqlRows.rows(ctx.store().dataSource(),
                            "select count(*) from schema_change").get(0)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        provisioner.apply();

        sim.beforeAnswer(null);
        List<String> rows = recorded();
        // the org had the publisher and, through the column above, the solution: neither is recorded
        assertThat(rows).noneMatch(r -> r.startsWith("publisher") || r.startsWith("solution"));
        assertThat(rows).doesNotContain("column account profi_profiid");
        assertThat(rows).contains("table profi_coach profi_coach", "key profi_coach profi_coach_profiid_key",
                "lookup profi_programenrollment profi_contact_programenrollment_contactid profi_contactid");
        assertThat(rows).hasSize(planned.tablesToCreate().size() + planned.columnsToCreate().size()
                + planned.lookupsToCreate().size() + planned.keysToCreate().size());
        assertThat(recordedWhenLanded).hasSize(rows.size());
        for (int k = 0; k < recordedWhenLanded.size(); k++) {
            assertThat(recordedWhenLanded.get(k)).as("records when create " + (k + 1) + " landed").isEqualTo(k + 1L);
        }

        provisioner.apply();

        assertThat(recorded()).isEqualTo(rows);
    }

    @Test
    void a_crash_before_the_answer_leaves_the_record_and_the_next_apply_keeps_it() throws Exception {
        // the org takes the table but the answer is lost: the process dies between the request and the answer
        SchemaChanges changes = changes();
        changes.intend(SchemaChanges.Kind.TABLE, "profi_coach", "profi_coach", null);
        dv.metadata().createTable(org.profid365.migrator.dataverse.TableSpec.of("profi_Coach", "Coach", "Coaches"));

        provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL).apply();

        // the plan found profi_coach in place and did not create it again, and its record stays for rollback
        assertThat(recorded()).containsOnlyOnce("table profi_coach profi_coach");
        assertThat(changes.remaining()).extracting(SchemaChanges.Change::describe).contains("table profi_coach");
    }

    @Test
    void a_column_that_exists_with_an_incompatible_type_is_a_problem_and_nothing_is_created() {
        dv.metadata().createColumn("account", ColumnSpec.integer("profi_profiid", "Profi ID"));
        int before = sim.requests().size();

        SchemaProvisioner provisioner = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL);
        SchemaPlan plan = provisioner.dryRun();
        SchemaProvisioner.Applied applied = provisioner.apply();

        assertThat(plan.problems()).singleElement().asString()
                .contains("account.profi_profiid", "exists as Integer", "the mapping needs String", "never overwritten");
        assertThat(plan.columns()).noneMatch(c -> c.table().equals("account") && c.spec().logicalName().equals("profi_profiid"));
        assertThat(applied.done()).isEmpty();
        assertThat(writes(sim.requests().subList(before, sim.requests().size()))).isEmpty();
        assertThat(dv.metadata().table("profi_coach")).isEmpty();
    }

    @Test
    void a_shorter_existing_text_column_is_a_problem_and_a_compatible_one_is_skipped() {
        dv.metadata().createColumn("account", ColumnSpec.string("profi_profiid", "Profi ID", 100));
        dv.metadata().createColumn("contact", ColumnSpec.string("profi_profiid", "Profi ID", 20));

        SchemaPlan plan = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL).dryRun();

        assertThat(plan.columns()).filteredOn(c -> c.table().equals("account") && c.spec().logicalName().equals("profi_profiid"))
                .singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(Action.EXISTS));
        assertThat(plan.problems()).singleElement().asString()
                .contains("contact.profi_profiid", "MaxLength 20", "needs 100");
    }

    @Test
    void an_existing_choice_column_without_every_option_the_mapping_writes_is_a_problem() {
        dv.metadata().createColumn("task", ColumnSpec.choice("profi_medium", "Medium", List.of(
                new ChoiceOption(727000000, "Video"), new ChoiceOption(727000001, "Audio"))));

        SchemaPlan plan = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL).dryRun();

        assertThat(plan.problems()).singleElement().asString()
                .contains("task.profi_medium", "[727000002, 727000003]");
    }

    @Test
    void a_standard_column_the_mapping_writes_that_does_not_exist_is_a_problem() throws Exception {
        String yaml = defaultYaml().replace("column: birthdate", "column: birthdayx");
        Path file = tmp.resolve("mapping.yaml");
        Files.writeString(file, yaml);
        MappingFile mapping = MappingLoader.load(file).mapping();

        SchemaPlan plan = provisioner(mapping, Edition.SALES_PROFESSIONAL).dryRun();

        assertThat(plan.problems()).singleElement().asString()
                .contains("objects.client.targets.contact.fields.birthdate.column", "contact.birthdayx", "does not exist");
    }

    @Test
    void more_custom_tables_than_sales_professional_allows_is_a_problem_but_enterprise_has_no_cap() {
        for (int i = 1; i <= 13; i++) {
            dv.metadata().createTable(TableSpec.of("profi_Extra" + i, "Extra " + i, "Extras " + i));
        }
        Map<String, String> other = settings();
        other.put("dataverse.publisher.prefix", "other");
        other.put("dataverse.client.solution", "OtherSolution");
        try (DataverseConnection otherPublisher = DataverseConnection.open(camel, MigratorConfig.of(other))) {
            otherPublisher.metadata().createTable(TableSpec.of("other_Thing", "Thing", "Things")); // not counted
        }

        SchemaPlan pro = provisioner(MappingLoader.defaultMapping(), Edition.SALES_PROFESSIONAL).dryRun();
        SchemaPlan enterprise = provisioner(MappingLoader.defaultMapping(), Edition.ENTERPRISE).dryRun();

        assertThat(pro.customTablesExisting()).isEqualTo(13);
        assertThat(pro.customTableCount()).isEqualTo(16);
        assertThat(pro.customTableCountText()).isEqualTo("16 of 15 (sales-professional)");
        assertThat(pro.problems()).singleElement().asString().contains("16", "over the 15", "sales-professional");
        assertThat(enterprise.problems()).isEmpty();
        assertThat(enterprise.customTableCountText()).isEqualTo("16 (enterprise, no limit)");
    }

    @Test
    void the_schema_command_prints_the_plan_and_applies_it_once() throws Exception {
        Path file = tmp.resolve("mapping.yaml");
        Files.writeString(file, defaultYaml());
        String[] base = {"-Ddataverse.url=" + sim.baseUrl(), "-Ddataverse.token=" + token,
                "-Dmigrator.mapping.file=" + file, "-Dmigrator.work-dir=" + tmp.resolve("work"),
                "-Ddataverse.client.key-poll-interval-ms=50", "-Dmigrator.db.url=" + TestDatabase.newDatabaseUrl(),
                "-Dmigrator.db.user=postgres"};

        Run dry = run(base, "schema", "--dry-run");
        assertThat(dry.exit).as(dry.out).isEqualTo(ExitCodes.OK);
        assertThat(dry.out).contains("create", "table", "profi_coachingpayment", "profi_ContactId",
                "profi_coach_profiid_key", "Custom tables: 3 of 15 (sales-professional)");
        assertThat(writes(sim.requests())).isEmpty();

        Run unapproved = run(base, "schema", "--apply");
        assertThat(unapproved.exit).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(unapproved.out).contains("has not been approved");
        assertThat(writes(sim.requests())).isEmpty();
        assertThat(run(base, "approve-map", "--yes").exit).isEqualTo(ExitCodes.OK);

        Run apply = run(base, "schema", "--apply");
        assertThat(apply.exit).as(apply.out).isEqualTo(ExitCodes.OK);
        assertThat(apply.out).contains("Done:", "created table profi_coach", "published");
        assertThat(dv.metadata().table("profi_programenrollment")).isPresent();

        int before = sim.requests().size();
        Run again = run(base, "schema", "--apply");
        assertThat(again.exit).as(again.out).isEqualTo(ExitCodes.OK);
        assertThat(again.out).contains("exists", "Nothing to do");
        assertThat(writes(sim.requests().subList(before, sim.requests().size()))).isEmpty();
    }

    @Test
    void the_schema_command_exits_3_on_a_problem_and_2_on_configuration_errors() throws Exception {
        dv.metadata().createColumn("account", ColumnSpec.integer("profi_profiid", "Profi ID"));
        Path file = tmp.resolve("mapping.yaml");
        Files.writeString(file, defaultYaml());
        String[] base = {"-Ddataverse.url=" + sim.baseUrl(), "-Ddataverse.token=" + token,
                "-Dmigrator.mapping.file=" + file, "-Dmigrator.work-dir=" + tmp.resolve("work"),
                "-Dmigrator.db.url=" + TestDatabase.newDatabaseUrl(), "-Dmigrator.db.user=postgres"};
        int before = sim.requests().size();

        Run apply = run(base, "schema", "--apply");
        assertThat(apply.exit).as(apply.out).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(apply.out).contains("Problems", "account.profi_profiid", "exists as Integer");
        assertThat(writes(sim.requests().subList(before, sim.requests().size()))).isEmpty();
        assertThat(dv.metadata().table("profi_coach")).isEmpty();

        assertThat(run(base, "schema").exit).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(run(base, "schema", "--dry-run", "--apply").exit).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(run(new String[] {"-Ddataverse.url=" + sim.baseUrl(), "-Ddataverse.token=" + token,
                "-Dmigrator.mapping.file=" + tmp.resolve("missing.yaml")}, "schema", "--dry-run").exit)
                .isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(run(base, "-Ddataverse.edition=team", "schema", "--dry-run").exit).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    }

    private static ColumnSpec column(SchemaPlan plan, String table, String name) {
        return plan.columns().stream().filter(c -> c.table().equals(table) && c.spec().logicalName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(table + "." + name + " is not planned")).spec();
    }

    private static String defaultYaml() throws Exception {
        try (InputStream in = SchemaProvisionerTest.class.getResourceAsStream("/mapping/default-mapping.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Run(int exit, String out) {
    }

    /** Runs the CLI with System.out and System.err captured together. */
    private static synchronized Run run(String[] base, String... args) {
        String[] all = new String[base.length + args.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = MigratorCommand.run(all);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
