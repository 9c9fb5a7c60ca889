package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.sim.dataverse.DataverseMetadataTest.label;
import static org.profid365.migrator.sim.dataverse.DataverseMetadataTest.stringColumn;
import static org.profid365.migrator.sim.dataverse.DataverseMetadataTest.table;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DELETE on the schema: custom tables, columns, relationships and alternate keys, and what each refuses. */
class DataverseSchemaDeleteTest {

    private static final String IN_USE = "0x8004F01F";
    private static final String NOT_FOUND = "0x80040217";

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults().keyActivationDelayMillis(20));
        client = new SimClient(simulator, "migration");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void a_custom_table_goes_with_its_rows_their_notes_and_its_links_leaving_the_org_as_it_was() throws Exception {
        OrgSnapshot before = OrgSnapshot.of(simulator);
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        UUID coach = client.create("profi_coaches", "{\"profi_name\":\"Ada\"}");
        UUID note = client.create("annotations", "{\"subject\":\"On Ada\",\"objectid_profi_coach@odata.bind\":\"/profi_coaches("
                + coach + ")\"}");

        SimClient.Reply deleted = client.delete("EntityDefinitions(LogicalName='profi_coach')");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        SimClient.Reply gone = client.get("EntityDefinitions(LogicalName='profi_coach')");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo(NOT_FOUND);
        assertThat(client.get("annotations(" + note + ")").status()).isEqualTo(404);
        // the note's navigation property and lookup target for the table went with it
        assertThat(OrgSnapshot.of(simulator).differences(before, 10)).isEmpty();
    }

    @Test
    void a_standard_table_is_refused() throws Exception {
        String before = simulator.stateJson();

        SimClient.Reply refused = client.delete("EntityDefinitions(LogicalName='contact')");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("0x80040203");
        assertThat(refused.message()).isEqualTo("The entity contact is not a custom entity and cannot be deleted.");
        assertThat(simulator.stateJson()).isEqualTo(before);
    }

    @Test
    void a_table_another_tables_custom_lookup_points_at_is_refused_until_the_relationship_is_deleted() throws Exception {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("RelationshipDefinitions", coachLookupOnContact());
        String before = simulator.stateJson();

        SimClient.Reply refused = client.delete("EntityDefinitions(LogicalName='profi_coach')");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(IN_USE);
        String tableId = client.get("EntityDefinitions(LogicalName='profi_coach')?$select=MetadataId").json()
                .path("MetadataId").asText();
        assertThat(refused.message()).isEqualTo("The Entity(" + tableId + ") component cannot be deleted because it is "
                + "referenced by 1 other components. For a list of referenced components, use the "
                + "RetrieveDependenciesForDeleteRequest.");
        assertThat(simulator.stateJson()).isEqualTo(before);

        assertThat(client.delete("RelationshipDefinitions(SchemaName='profi_contact_coach')").status()).isEqualTo(204);
        assertThat(client.delete("EntityDefinitions(LogicalName='profi_coach')").status()).isEqualTo(204);
    }

    @Test
    void a_custom_column_goes_with_its_values_and_the_row_keeps_the_rest() {
        client.post("EntityDefinitions(LogicalName='contact')/Attributes", stringColumn("profi_ProfiId", 40));
        UUID contact = client.create("contacts", "{\"lastname\":\"Berg\",\"profi_profiid\":\"C-1\"}");

        SimClient.Reply deleted = client.delete("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='profi_profiid')");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(client.get("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='profi_profiid')").status())
                .isEqualTo(404);
        SimClient.Reply row = client.get("contacts(" + contact + ")");
        assertThat(row.json().path("lastname").asText()).isEqualTo("Berg");
        assertThat(row.json().has("profi_profiid")).isFalse();
        assertThat(client.get("contacts?$select=profi_profiid").status()).isEqualTo(400);
    }

    @Test
    void a_standard_column_and_a_lookup_column_are_refused() throws Exception {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("RelationshipDefinitions", coachLookupOnContact());
        String before = simulator.stateJson();

        SimClient.Reply standard = client.delete("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='emailaddress1')");
        SimClient.Reply lookup = client.delete("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='profi_coachid')");

        assertThat(standard.status()).isEqualTo(400);
        assertThat(standard.code()).isEqualTo("0x80040203");
        assertThat(standard.message()).isEqualTo("The attribute emailaddress1 of contact is not a custom attribute and "
                + "cannot be deleted.");
        assertThat(lookup.status()).isEqualTo(400);
        assertThat(lookup.message()).isEqualTo("The attribute profi_coachid is a lookup: delete its relationship "
                + "(RelationshipDefinitions) instead.");
        assertThat(simulator.stateJson()).isEqualTo(before);
    }

    @Test
    void a_column_of_an_alternate_key_is_refused_until_the_key_is_deleted() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("EntityDefinitions(LogicalName='profi_coach')/Attributes", stringColumn("profi_ProfiId", 20));
        client.post("EntityDefinitions(LogicalName='profi_coach')/Keys", "{\"SchemaName\":\"profi_profiid_key\","
                + "\"DisplayName\":" + label("Profi id") + ",\"KeyAttributes\":[\"profi_profiid\"]}");
        String path = "EntityDefinitions(LogicalName='profi_coach')/Attributes(LogicalName='profi_profiid')";
        String columnId = client.get(path + "?$select=MetadataId").json().path("MetadataId").asText();

        SimClient.Reply refused = client.delete(path);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(IN_USE);
        assertThat(refused.message()).startsWith("The Attribute(" + columnId + ") component cannot be deleted because it "
                + "is referenced by 1 other components.");
        assertThat(client.get(path).status()).isEqualTo(200);

        SimClient.Reply key = client.delete("EntityDefinitions(LogicalName='profi_coach')/Keys(LogicalName='profi_profiid_key')");

        assertThat(key.status()).isEqualTo(204);
        assertThat(client.get("EntityDefinitions(LogicalName='profi_coach')/Keys").json().path("value")).isEmpty();
        assertThat(client.delete(path).status()).isEqualTo(204);
    }

    @Test
    void a_relationship_takes_its_lookup_column_navigation_property_and_values_along() throws Exception {
        OrgSnapshot before = OrgSnapshot.of(simulator);
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("RelationshipDefinitions", coachLookupOnContact());
        UUID coach = client.create("profi_coaches", "{\"profi_name\":\"Ada\"}");
        UUID contact = client.create("contacts", "{\"lastname\":\"Berg\",\"profi_CoachId@odata.bind\":\"/profi_coaches("
                + coach + ")\"}");

        SimClient.Reply deleted = client.delete("RelationshipDefinitions(SchemaName='profi_contact_coach')");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(client.get("RelationshipDefinitions(SchemaName='profi_contact_coach')").status()).isEqualTo(404);
        assertThat(client.get("contacts(" + contact + ")").json().has("_profi_coachid_value")).isFalse();
        SimClient.Reply bind = client.patch("contacts(" + contact + ")", "{\"profi_CoachId@odata.bind\":\"/profi_coaches("
                + coach + ")\"}");
        assertThat(bind.status()).isEqualTo(400);
        assertThat(bind.code()).isEqualTo("0x80048d19");
        // with the table and the contact gone too, the org is as it was once contact is published again
        client.delete("EntityDefinitions(LogicalName='profi_coach')");
        client.delete("contacts(" + contact + ")");
        assertThat(OrgSnapshot.of(simulator).differences(before, 10)).containsExactly("/tables/contact/published: false vs true");
        client.post("PublishXml", "{\"ParameterXml\":\"<importexportxml><entities><entity>contact</entity></entities>"
                + "</importexportxml>\"}");
        assertThat(OrgSnapshot.of(simulator).differences(before, 10)).containsExactly("/publishes[0]: \"PublishXml:contact\" vs (none)");
    }

    @Test
    void a_standard_relationship_is_refused() {
        SimClient.Reply refused = client.delete("RelationshipDefinitions(SchemaName='contact_customer_accounts')");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("The relationship contact_customer_accounts is not a custom relationship "
                + "and cannot be deleted.");
        assertThat(client.get("RelationshipDefinitions(SchemaName='contact_customer_accounts')").status()).isEqualTo(200);
    }

    @Test
    void what_is_absent_is_404_in_the_error_shape() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));

        List<SimClient.Reply> replies = List.of(
                client.delete("EntityDefinitions(LogicalName='profi_nope')"),
                client.delete("EntityDefinitions(LogicalName='profi_coach')/Attributes(LogicalName='profi_nope')"),
                client.delete("EntityDefinitions(LogicalName='profi_coach')/Keys(LogicalName='profi_nope')"),
                client.delete("RelationshipDefinitions(SchemaName='profi_nope')"));

        assertThat(replies).extracting(SimClient.Reply::status).containsOnly(404);
        assertThat(replies).extracting(SimClient.Reply::code).containsOnly(NOT_FOUND);
        assertThat(replies).extracting(SimClient.Reply::message).containsExactly(
                "Could not find an entity with key LogicalName='profi_nope'.",
                "Could not find an attribute with key LogicalName='profi_nope' on entity profi_coach.",
                "Could not find an entity key with key LogicalName='profi_nope' on entity profi_coach.",
                "Could not find a relationship with key SchemaName='profi_nope'.");
    }

    @Test
    void a_delete_waits_for_the_customization_lock_like_every_metadata_write() throws Exception {
        simulator.options().metadataWriteMillis(2_000).metadataLockTimeoutMillis(50);
        // whichever takes the lock first holds it for 2 s; the other cannot get it within 50 ms
        CompletableFuture<SimClient.Reply> create = CompletableFuture.supplyAsync(() -> client.post("EntityDefinitions",
                table("profi_a", "A")));
        CompletableFuture<SimClient.Reply> delete = CompletableFuture.supplyAsync(() -> client.delete(
                "EntityDefinitions(LogicalName='profi_b')"));

        List<SimClient.Reply> replies = List.of(create.get(), delete.get());

        assertThat(replies.stream().filter(r -> r.status() == 400 && r.code().equals("0x80071151")).count()).isEqualTo(1);
    }

    private static String coachLookupOnContact() {
        return "{\"@odata.type\":\"Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata\",\"SchemaName\":\"profi_contact_coach\","
                + "\"ReferencedEntity\":\"profi_coach\",\"ReferencingEntity\":\"contact\",\"CascadeConfiguration\":"
                + "{\"Delete\":\"RemoveLink\"},\"Lookup\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.LookupAttributeMetadata\","
                + "\"AttributeType\":\"Lookup\",\"SchemaName\":\"profi_CoachId\",\"DisplayName\":" + label("Coach") + "}}";
    }
}
