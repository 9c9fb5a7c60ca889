package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.cli.ExitCodes;
import org.profid365.migrator.cli.MigratorCommand;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.dataverse.ChoiceOption;
import org.profid365.migrator.dataverse.ColumnSpec;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

class MappingProposerTest {

    @TempDir
    Path tmp;

    private Path export() throws Exception {
        return ExportFixture.clean(tmp.resolve("export"))
                .file("clients.csv", "id,first_name,last_name,email,company_id,lifecycle_stage,owner_email,cf_goal,cf_score,cf_nickname,"
                                + "cf_position",
                        "CL-1,Maria,O'Brien,maria@example.com,CP-1,active,anna@coach.example,Lead better,7.5,Mo,CTO",
                        "CL-2,Ivan,Petrov,ivan@example.com,,prospect,anna@coach.example,,,,",
                        "CL-3,Lea,Roth,lea@example.com,,on_hold,anna@coach.example,Run a marathon,12,,Founder")
                .dir();
    }

    @Test
    void custom_fields_become_typed_columns_and_every_seen_value_is_listed() throws Exception {
        Path export = export();
        try (MigratorContext ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres")))) {
            new ExportStager(ctx).stage(export);

            MappingFile p = new MappingProposer(ctx).propose();

            assertThat(MappingLoader.problems(p)).isEmpty();
            for (String target : new String[] {"contact", "lead"}) {
                Map<String, FieldMapping> fields = p.objects().get("client").targets().get(target).fields();
                assertThat(fields.get("cf_goal").column()).isEqualTo("profi_goal");
                assertThat(fields.get("cf_goal").create().type()).isEqualTo("String");
                assertThat(fields.get("cf_goal").confidence()).isEqualTo("high");
                assertThat(fields.get("cf_score").create().type()).isEqualTo("Decimal");
                // not declared in custom_fields.csv: proposed from what its values look like, with less confidence
                assertThat(fields.get("cf_nickname").confidence()).isEqualTo("medium");
                assertThat(fields.get("cf_nickname").reason()).startsWith("undeclared column");
                // the lifecycle value map keeps the default's targets and lists the unknown value for a decision
                FieldMapping stage = fields.get("lifecycle_stage");
                assertThat(stage.values()).containsEntry("active", 727000002).containsEntry("on_hold", null);
            }
            FieldMapping mood = p.objects().get("session").targets().get("task").fields().get("cf_mood");
            assertThat(mood.create().type()).isEqualTo("Picklist");
            assertThat(mood.values()).containsExactly(Map.entry("good", 727000000), Map.entry("bad", 727000001));
            assertThat(MappingSummary.of(p).undecidedValues()).contains("client -> contact.lifecycle_stage: 'on_hold'");
        }
    }

    @Test
    void seen_values_of_a_standard_choice_get_the_option_their_label_suggests_or_wait_for_a_decision() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export"))
                .file("companies.csv", "id,name,industry,owner_email",
                        "CP-1,Acme GmbH,Software,anna@coach.example", "CP-2,Bank AG, Banking ,anna@coach.example",
                        "CP-3,Fin AG,Financial services,anna@coach.example", "CP-4,Beta,software,anna@coach.example")
                .dir();
        try (MigratorContext ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres")))) {
            new ExportStager(ctx).stage(export);

            MappingProposal p = new MappingProposer(ctx).proposal();

            FieldMapping industry = p.mapping().objects().get("company").targets().get("account").fields().get("industry");
            Map<String, Integer> added = new java.util.LinkedHashMap<>(industry.values());
            MappingLoader.defaultMapping().objects().get("company").targets().get("account").fields().get("industry").values()
                    .keySet().forEach(added::remove);
            // "Software" and "software" are one value after the field's transforms (trim, lower)
            assertThat(added).containsExactly(org.assertj.core.api.Assertions.entry("banking", 16),
                    org.assertj.core.api.Assertions.entry("software", null));
            List<String> values = List.of("objects", "company", "targets", "account", "fields", "industry", "values");
            assertThat(p.comments()).containsEntry(path(values, "banking"), List.of("confidence medium: the same words as"
                    + " option 16 'Financial' once plurals and synonyms are folded"));
            assertThat(p.comments()).containsEntry(path(values, "software"), List.of("decide: no option label is like it"
                    + " (null: the column stays empty and the text goes to profi_industry)"));
            assertThat(industry.confidence()).isEqualTo("medium");
            assertThat(MappingSummary.of(p.mapping()).undecidedValues()).contains("company -> account.industry: 'software'");

            String yaml = p.yaml();
            assertThat(yaml).contains("\n              # decide: no option label is like it (null: the column stays empty"
                    + " and the text goes to profi_industry)\n              software: null\n");
            Path file = Files.writeString(tmp.resolve("mapping.yaml"), yaml);
            assertThat(MappingLoader.load(file).mapping()).isEqualTo(p.mapping());
        }
    }

    private static List<String> path(List<String> parent, String key) {
        List<String> out = new java.util.ArrayList<>(parent);
        out.add(key);
        return out;
    }

    @Test
    void columns_the_org_already_has_are_reused_instead_of_created() throws Exception {
        Path export = export();
        try (DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults());
             MigratorContext ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                     "migrator.db.user", "postgres")))) {
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.start();
            try (DataverseConnection dv = DataverseConnection.open(camel, MigratorConfig.of(Map.of(
                    "dataverse.url", sim.baseUrl().toString(), "dataverse.token", sim.issueToken("migration"))))) {
                // a column of an earlier run: the proposal must reuse it, not plan a second one
                dv.metadata().createColumn("contact", ColumnSpec.string("profi_Goal", "Goal", 200));
                dv.metadata().createColumn("task", ColumnSpec.choice("profi_Mood", "Mood", List.of(
                        new ChoiceOption(727000000, "GOOD!"), new ChoiceOption(727000001, "Not so good"))));
                new ExportStager(ctx).stage(export);

                MappingProposal proposal = new MappingProposer(ctx, TargetMetadata.of(dv.metadata())).proposal();
                MappingFile p = proposal.mapping();

                Map<String, FieldMapping> contact = p.objects().get("client").targets().get("contact").fields();
                assertThat(contact.get("cf_goal").column()).isEqualTo("profi_goal");
                assertThat(contact.get("cf_goal").create()).isNull();
                assertThat(contact.get("cf_goal").reason()).contains("already exists");
                // "position" is a synonym of the standard jobtitle column, which nothing else writes
                assertThat(contact.get("cf_position").column()).isEqualTo("jobtitle");
                assertThat(contact.get("cf_position").confidence()).isEqualTo("medium");
                assertThat(contact.get("cf_position").reason()).contains("synonym of the existing column jobtitle");
                // the org's choice column: its options matched to the Profi values by label, the rest left to decide
                FieldMapping mood = p.objects().get("session").targets().get("task").fields().get("cf_mood");
                assertThat(mood.create()).isNull();
                assertThat(mood.values()).containsExactly(org.assertj.core.api.Assertions.entry("good", 727000000),
                        org.assertj.core.api.Assertions.entry("bad", null));
                List<String> values = List.of("objects", "session", "targets", "task", "fields", "cf_mood", "values");
                assertThat(proposal.comments()).containsEntry(path(values, "good"), List.of("confidence high: same as option"
                        + " 727000000 'GOOD!' apart from case, spacing and punctuation"));
                assertThat(proposal.comments()).containsEntry(path(values, "bad"), List.of("decide: no option label is like it"
                        + " (null: the column stays empty, flagged)"));
                // the lead has no profi_goal yet: a new column is planned there
                assertThat(p.objects().get("client").targets().get("lead").fields().get("cf_goal").create()).isNotNull();
                assertThat(MappingLoader.problems(p)).isEmpty();
            } finally {
                camel.close();
            }
        }
    }

    @Test
    void propose_map_never_overwrites_an_existing_mapping_file() throws Exception {
        Path export = export();
        String db = TestDatabase.newDatabaseUrl();
        Path file = tmp.resolve("mapping/mapping.yaml");
        String[] settings = {"-Dmigrator.db.url=" + db, "-Dmigrator.db.user=postgres", "-Dmigrator.mapping.file=" + file};

        assertThat(MigratorCommand.run(settings[0], settings[1], "stage", export.toString())).isEqualTo(ExitCodes.OK);
        assertThat(MigratorCommand.run(settings[0], settings[1], settings[2], "propose-map")).isEqualTo(ExitCodes.OK);
        assertThat(MappingLoader.load(file).mapping().objects()).containsKeys("client", "company", "session");
        Files.writeString(file, Files.readString(file) + "# my edits\n");
        assertThat(MigratorCommand.run(settings[0], settings[1], settings[2], "propose-map")).isEqualTo(ExitCodes.OK);

        assertThat(Files.readString(file)).endsWith("# my edits\n");
        assertThat(tmp.resolve("mapping/mapping.proposed.yaml")).exists();
        // written for a reader: the review header and the default's comment above each object
        assertThat(Files.readString(tmp.resolve("mapping/mapping.proposed.yaml")))
                .startsWith("# Proposed by propose-map.\n# " + MappingLoader.HEADER.get(0) + "\n")
                .contains("\n  # Object map row 2.\n  company:\n");
    }
}
