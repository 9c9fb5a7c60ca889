package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.OrgSnapshot;

class MetadataClientSimulatorTest {

    @Test
    void a_custom_table_with_a_column_and_an_alternate_key_becomes_usable() throws Exception {
        DataverseSimOptions options = DataverseSimOptions.defaults().keyActivationDelayMillis(300);
        try (SimulatorFixture f = SimulatorFixture.start(options, List.of("a"),
                "dataverse.client.key-poll-interval-ms", "50", "dataverse.client.solution", "Default")) {
            MetadataClient md = f.dv.metadata();

            TableDefinition coach = md.createTable(TableSpec.of("profi_Coach", "Coach", "Coaches"));
            md.createColumn("profi_coach", ColumnSpec.string("profi_ProfiId", "Profi id", 40));
            md.createColumn("profi_coach", ColumnSpec.choice("profi_Level", "Level",
                    List.of(new ChoiceOption(727000000, "Junior"), new ChoiceOption(727000001, "Senior"))));
            md.createAlternateKey("profi_coach", new KeySpec("profi_profiid_key", "Profi id", List.of("profi_profiid")));
            KeyIndexStatus status = md.awaitAlternateKey("profi_coach", "profi_profiid_key", Duration.ofSeconds(20));
            md.publish(List.of("profi_coach"));

            assertThat(coach.logicalName()).isEqualTo("profi_coach");
            assertThat(coach.entitySetName()).isNotBlank();
            assertThat(coach.primaryIdAttribute()).isEqualTo("profi_coachid");
            assertThat(md.entitySetName("profi_coach")).isEqualTo(coach.entitySetName());
            assertThat(md.column("profi_coach", "profi_profiid")).isPresent();
            assertThat(md.choiceOptions("profi_coach", "profi_level")).containsEntry(727000000, "Junior")
                    .containsEntry(727000001, "Senior");
            assertThat(status).isEqualTo(KeyIndexStatus.ACTIVE);

            ObjectNode row = DataverseJson.object();
            row.put("profi_name", "Coach One");
            row.put("profi_profiid", "C-1");
            row.put("profi_level", 727000001);
            WriteOutcome written = f.dv.recordWriter().create(md.tableRef("profi_coach"),
                    RecordWrite.of("C-1", UUID.randomUUID(), row));
            assertThat(written.ok()).as(String.valueOf(written)).isTrue();
            assertThat(f.sim.stateJson()).contains("profi_coach");
        }
    }

    @Test
    void columns_of_every_supported_type_and_a_global_choice_can_be_created() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"),
                "dataverse.client.solution", "Default")) {
            MetadataClient md = f.dv.metadata();
            md.createTable(TableSpec.of("profi_Session", "Session", "Sessions"));
            md.createGlobalChoice("profi_format", "Format",
                    List.of(new ChoiceOption(727000000, "Online"), new ChoiceOption(727000001, "In person")));

            List<ColumnSpec> columns = List.of(
                    ColumnSpec.string("profi_Room", "Room", 100).withFormat("Text"),
                    ColumnSpec.memo("profi_Notes", "Notes", 100_000),
                    ColumnSpec.integer("profi_Minutes", "Minutes"),
                    ColumnSpec.decimal("profi_Rating", "Rating", 2),
                    ColumnSpec.money("profi_Fee", "Fee", 2),
                    ColumnSpec.dateOnly("profi_Day", "Day"),
                    ColumnSpec.dateTime("profi_StartsAt", "Starts at"),
                    ColumnSpec.bool("profi_Paid", "Paid", "Paid", "Open"),
                    ColumnSpec.choices("profi_Topics", "Topics",
                            List.of(new ChoiceOption(727000010, "Career"), new ChoiceOption(727000011, "Health"))),
                    ColumnSpec.globalChoice("profi_Format", "Format", "profi_format"));
            for (ColumnSpec c : columns) {
                md.createColumn("profi_session", c);
            }

            for (ColumnSpec c : columns) {
                assertThat(md.column("profi_session", c.logicalName())).as(c.schemaName()).isPresent();
            }
            assertThat(md.globalChoice("profi_format")).isPresent();
            assertThat(md.choiceOptions("profi_session", "profi_format")).containsEntry(727000001, "In person");
            assertThat(md.choiceOptions("profi_session", "profi_topics")).containsEntry(727000010, "Career");
            assertThat(md.choiceOptions("profi_session", "profi_paid")).containsEntry(1, "Paid").containsEntry(0, "Open");
        }
    }

    @Test
    void a_missing_solution_and_publisher_are_created_before_the_first_schema_write() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"),
                "dataverse.client.solution", "CoachingMigration", "dataverse.publisher.prefix", "acme",
                "dataverse.publisher.option-value-prefix", "41200")) {
            f.dv.metadata().createTable(TableSpec.of("acme_Coach", "Coach", "Coaches"));
            f.dv.metadata().createColumn("acme_coach", ColumnSpec.string("acme_Title", "Title", 100));

            var reader = f.dv.reader();
            var publisher = reader.findFirst(ODataQuery.from("publishers")
                    .select("publisherid", "customizationprefix", "customizationoptionvalueprefix")
                    .filter("customizationprefix eq 'acme'")).orElseThrow();
            assertThat(publisher.path("customizationoptionvalueprefix").asInt()).isEqualTo(41200);
            var solutions = reader.readAll(ODataQuery.from("solutions").select("uniquename", "_publisherid_value")
                    .filter("uniquename eq 'CoachingMigration'"));
            assertThat(solutions).singleElement().satisfies(s -> assertThat(s.path("_publisherid_value").asText())
                    .isEqualTo(publisher.path("publisherid").asText()));
            // exactly one publisher and one solution were created, once
            assertThat(f.sim.requests().stream().filter(r -> r.method().equals("POST")
                    && (r.path().endsWith("/publishers") || r.path().endsWith("/solutions"))).count()).isEqualTo(2);
        }
    }

    @Test
    void deletes_remove_keys_lookups_columns_tables_solution_and_publisher_and_count_a_404_as_removed() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                List.of("a"), "dataverse.client.key-poll-interval-ms", "20", "dataverse.client.solution",
                "CoachingMigration", "dataverse.publisher.prefix", "acme")) {
            OrgSnapshot before = OrgSnapshot.of(f.sim);
            MetadataClient md = f.dv.metadata();
            md.createTable(TableSpec.of("acme_Package", "Package", "Packages"));
            md.createColumn("acme_package", ColumnSpec.string("acme_ProfiId", "Profi id", 40));
            md.createColumn("contact", ColumnSpec.string("acme_Nickname", "Nickname", 40));
            md.createLookup(new LookupSpec("acme_contact_acme_package", "contact", "acme_package", "acme_ContactId",
                    "Contact", "RemoveLink"));
            md.createAlternateKey("acme_package", new KeySpec("acme_profiid_key", "Profi id", List.of("acme_profiid")));
            md.awaitAlternateKey("acme_package", "acme_profiid_key");

            // a column of a key cannot go before the key: Dataverse's error comes through
            assertThatThrownBy(() -> md.deleteColumn("acme_package", "acme_profiid"))
                    .isInstanceOf(DataverseException.class).hasMessageContaining("0x8004F01F");
            assertThat(md.deleteAlternateKey("acme_package", "acme_profiid_key")).isTrue();
            assertThat(md.deleteLookup("acme_contact_acme_package")).isTrue();
            assertThat(md.deleteColumn("acme_package", "acme_profiid")).isTrue();
            assertThat(md.deleteColumn("contact", "acme_nickname")).isTrue();
            assertThat(md.deleteTable("acme_package")).isTrue();
            assertThat(md.table("acme_package")).isEmpty();
            assertThat(md.deleteSolution()).isTrue();
            assertThat(md.deletePublisher()).isTrue();
            md.publish(List.of("contact"));

            // gone already: false, and no error
            assertThat(List.of(md.deleteAlternateKey("acme_package", "acme_profiid_key"),
                    md.deleteLookup("acme_contact_acme_package"), md.deleteColumn("contact", "acme_nickname"),
                    md.deleteTable("acme_package"), md.deleteSolution(), md.deletePublisher())).containsOnly(false);
            // the org is as it was, but for the publish of contact
            assertThat(OrgSnapshot.of(f.sim).differences(before, 10))
                    .containsExactly("/publishes[0]: \"PublishXml:contact\" vs (none)");
        }
    }

    @Test
    void a_lookup_reports_the_navigation_property_to_bind_through() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"),
                "dataverse.client.solution", "Default")) {
            MetadataClient md = f.dv.metadata();
            md.createTable(TableSpec.of("profi_Package", "Package", "Packages"));

            LookupDefinition lookup = md.createLookup(new LookupSpec("profi_contact_profi_package", "contact",
                    "profi_package", "profi_ContactId", "Contact", "RemoveLink"));

            assertThat(lookup.referencingAttribute()).isEqualTo("profi_contactid");
            assertThat(lookup.navigationProperty()).isEqualTo("profi_ContactId");
        }
    }

    @Test
    void standard_tables_read_their_entity_set_and_choices_and_unknown_ones_are_empty() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            MetadataClient md = f.dv.metadata();

            assertThat(md.tableRef("contact")).isEqualTo(TableRef.CONTACT);
            assertThat(md.tableRef("task")).isEqualTo(TableRef.TASK);
            assertThat(md.table("profi_nothing")).isEmpty();
            Map<Integer, String> sources = md.choiceOptions("lead", "leadsourcecode");
            assertThat(sources).containsKeys(1, 8, 10);
        }
    }

    @Test
    void a_schema_name_without_the_publisher_prefix_is_refused_before_sending() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            int before = f.logged(0).size();

            assertThatThrownBy(() -> f.dv.metadata().createTable(TableSpec.of("new_Coach", "Coach", "Coaches")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("profi_");
            assertThat(f.sim.requests()).hasSize(before);
        }
    }
}
