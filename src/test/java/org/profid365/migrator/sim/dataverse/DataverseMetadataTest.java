package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseMetadataTest {

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults().keyActivationDelayMillis(50));
        client = new SimClient(simulator, "migration");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void entity_definition_of_a_standard_table_with_select() {
        JsonNode contact = client.get("EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,PrimaryIdAttribute").json();

        assertThat(contact.path("LogicalName").asText()).isEqualTo("contact");
        assertThat(contact.path("EntitySetName").asText()).isEqualTo("contacts");
        assertThat(contact.path("PrimaryIdAttribute").asText()).isEqualTo("contactid");
        assertThat(client.get("EntityDefinitions(LogicalName='task')?$select=PrimaryIdAttribute").json()
                .path("PrimaryIdAttribute").asText()).isEqualTo("activityid");
    }

    @Test
    void attributes_carry_their_metadata_type_max_length_and_options() {
        JsonNode attributes = client.get("EntityDefinitions(LogicalName='contact')/Attributes").json().path("value");

        JsonNode email = find(attributes, "emailaddress1");
        JsonNode gender = find(attributes, "gendercode");
        assertThat(email.path("@odata.type").asText()).isEqualTo("#Microsoft.Dynamics.CRM.StringAttributeMetadata");
        assertThat(email.path("MaxLength").asInt()).isEqualTo(100);
        assertThat(gender.path("@odata.type").asText()).isEqualTo("#Microsoft.Dynamics.CRM.PicklistAttributeMetadata");
        assertThat(gender.path("OptionSet").path("Options").findValuesAsText("Value")).containsExactly("1", "2");
        assertThat(find(attributes, "birthdate").path("DateTimeBehavior").path("Value").asText()).isEqualTo("DateOnly");
    }

    @Test
    void single_attribute_cast_with_expanded_option_set() {
        JsonNode source = client.get("EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='leadsourcecode')"
                + "/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet,GlobalOptionSet").json();
        SimClient.Reply wrongCast = client.get("EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='subject')"
                + "/Microsoft.Dynamics.CRM.PicklistAttributeMetadata");

        assertThat(source.path("LogicalName").asText()).isEqualTo("leadsourcecode");
        assertThat(source.path("OptionSet").path("Options").findValuesAsText("Value")).contains("1", "8", "10");
        assertThat(source.path("GlobalOptionSet").isNull()).isTrue();
        assertThat(wrongCast.status()).isEqualTo(404);
    }

    @Test
    void entity_definitions_filter_and_unknown_select() {
        JsonNode filtered = client.get("EntityDefinitions?$select=LogicalName,EntitySetName&$filter="
                + DataverseRecordsTest.enc("LogicalName eq 'transactioncurrency'")).json().path("value");
        SimClient.Reply unknown = client.get("EntityDefinitions?$select=Nope");

        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).path("EntitySetName").asText()).isEqualTo("transactioncurrencies");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.message()).isEqualTo("Could not find a property named 'Nope' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.");
    }

    @Test
    void custom_table_gets_an_english_plural_entity_set() {
        SimClient.Reply reply = client.post("EntityDefinitions", table("profi_coach", "Coach"));

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.header("OData-EntityId")).startsWith(simulator.baseUrl() + "EntityDefinitions(");
        JsonNode coach = client.get("EntityDefinitions(LogicalName='profi_coach')?$select=EntitySetName,PrimaryIdAttribute,"
                + "PrimaryNameAttribute,IsCustomEntity").json();
        assertThat(coach.path("EntitySetName").asText()).isEqualTo("profi_coaches");
        assertThat(coach.path("PrimaryIdAttribute").asText()).isEqualTo("profi_coachid");
        assertThat(coach.path("PrimaryNameAttribute").asText()).isEqualTo("profi_name");
        assertThat(coach.path("IsCustomEntity").asBoolean()).isTrue();
        assertThat(client.post("EntityDefinitions", table("profi_session", "Session")).status()).isEqualTo(204);
        assertThat(client.get("EntityDefinitions(LogicalName='profi_session')?$select=EntitySetName").json()
                .path("EntitySetName").asText()).isEqualTo("profi_sessions");
        assertThat(client.create("profi_coaches", "{\"profi_name\":\"Ada\"}")).isNotNull();
    }

    @Test
    void schema_name_without_a_publisher_prefix_is_refused() {
        SimClient.Reply noPrefix = client.post("EntityDefinitions", table("coach", "Coach"));
        SimClient.Reply unknownPrefix = client.post("EntityDefinitions", table("zzz_coach", "Coach"));

        assertThat(noPrefix.status()).isEqualTo(400);
        assertThat(noPrefix.message()).contains("must start with the customization prefix of a publisher");
        assertThat(unknownPrefix.status()).isEqualTo(400);
    }

    @Test
    void table_needs_exactly_one_primary_name_attribute() {
        String twoPrimaries = table("profi_coach", "Coach").replace("\"Attributes\":[", "\"Attributes\":[" + primary("profi_other") + ",");

        SimClient.Reply reply = client.post("EntityDefinitions", twoPrimaries);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("exactly one attribute");
    }

    @Test
    void columns_exist_only_once_created() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        SimClient.Reply before = client.post("profi_coaches", "{\"profi_name\":\"Ada\",\"profi_profiid\":\"C-1\"}");

        SimClient.Reply added = client.post("EntityDefinitions(LogicalName='profi_coach')/Attributes", stringColumn("profi_ProfiId", 20));
        SimClient.Reply after = client.post("profi_coaches", "{\"profi_name\":\"Ada\",\"profi_profiid\":\"C-1\"}");

        assertThat(before.status()).isEqualTo(400);
        assertThat(before.code()).isEqualTo("0x0");
        assertThat(before.message()).contains("Invalid property 'profi_profiid' was found in entity 'Microsoft.Dynamics.CRM.profi_coach'");
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.header("OData-EntityId")).contains("/Attributes(");
        assertThat(after.status()).isEqualTo(204);
        assertThat(client.post("profi_coaches", "{\"profi_name\":\"Ada\",\"profi_profiid\":\"" + "x".repeat(21) + "\"}").code())
                .isEqualTo("0x80044331");
    }

    @Test
    void custom_column_on_a_standard_table() {
        assertThat(client.post("EntityDefinitions(LogicalName='contact')/Attributes", stringColumn("profi_ProfiId", 40)).status())
                .isEqualTo(204);

        UUID id = client.create("contacts", "{\"lastname\":\"L\",\"profi_profiid\":\"C-9\"}");

        assertThat(client.get("contacts(" + id + ")?$select=profi_profiid").json().path("profi_profiid").asText()).isEqualTo("C-9");
    }

    @Test
    void string_column_longer_than_4000_is_refused() {
        SimClient.Reply reply = client.post("EntityDefinitions(LogicalName='contact')/Attributes", stringColumn("profi_Long", 4001));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("MaxLength 4001 is out of range");
    }

    @Test
    void every_column_type_can_be_added_and_written() {
        String path = "EntityDefinitions(LogicalName='contact')/Attributes";
        assertThat(client.post(path, column("Memo", "profi_Notes", ",\"MaxLength\":10000")).status()).isEqualTo(204);
        assertThat(client.post(path, column("Integer", "profi_Sessions", ",\"MinValue\":0,\"MaxValue\":1000")).status()).isEqualTo(204);
        assertThat(client.post(path, column("Decimal", "profi_Rating", ",\"Precision\":2")).status()).isEqualTo(204);
        assertThat(client.post(path, column("Money", "profi_Balance", "")).status()).isEqualTo(204);
        assertThat(client.post(path, column("DateTime", "profi_FirstSession", ",\"Format\":\"DateOnly\",\"DateTimeBehavior\":{\"Value\":\"DateOnly\"}")).status()).isEqualTo(204);
        assertThat(client.post(path, column("DateTime", "profi_LastLogin", ",\"Format\":\"DateAndTime\"")).status()).isEqualTo(204);
        assertThat(client.post(path, column("Boolean", "profi_Vip", ",\"OptionSet\":{\"TrueOption\":{\"Value\":1,\"Label\":" + label("Yes")
                + "},\"FalseOption\":{\"Value\":0,\"Label\":" + label("No") + "}}")).status()).isEqualTo(204);
        assertThat(client.post(path, column("Picklist", "profi_Stage", ",\"OptionSet\":{\"IsGlobal\":false,\"OptionSetType\":\"Picklist\","
                + "\"Options\":[{\"Label\":" + label("Active") + "},{\"Label\":" + label("Alumni") + "}]}")).status()).isEqualTo(204);
        assertThat(client.post(path, column("MultiSelectPicklist", "profi_Tags", ",\"OptionSet\":{\"IsGlobal\":false,"
                + "\"OptionSetType\":\"Picklist\",\"Options\":[{\"Label\":" + label("vip") + "},{\"Label\":" + label("new") + "},{\"Label\":"
                + label("old") + "}]}")).status()).isEqualTo(204);

        JsonNode stage = client.get("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='profi_stage')").json();
        assertThat(stage.path("OptionSet").path("Options").findValuesAsText("Value")).containsExactly("727000000", "727000001");
        SimClient.Reply written = client.post("contacts", "{\"lastname\":\"L\",\"profi_notes\":\"n\",\"profi_sessions\":3,"
                + "\"profi_rating\":4.5,\"profi_balance\":10,\"profi_firstsession\":\"2024-01-02\",\"profi_lastlogin\":"
                + "\"2024-01-02T03:04:05Z\",\"profi_vip\":true,\"profi_stage\":727000001,\"profi_tags\":\"727000000,727000002\"}");
        assertThat(written.status()).isEqualTo(204);
        assertThat(client.post("contacts", "{\"lastname\":\"L\",\"profi_stage\":1}").code()).isEqualTo("0x8004431A");
        assertThat(client.post("contacts", "{\"lastname\":\"L\",\"profi_tags\":\"727000000,5\"}").code()).isEqualTo("0x8004431A");
        assertThat(client.post("contacts", "{\"lastname\":\"L\",\"profi_sessions\":1001}").code()).isEqualTo("0x80044331");
    }

    @Test
    void picklist_can_bind_a_global_option_set() {
        SimClient.Reply global = client.post("GlobalOptionSetDefinitions", "{\"@odata.type\":\"Microsoft.Dynamics.CRM.OptionSetMetadata\","
                + "\"Name\":\"profi_sessiontype\",\"DisplayName\":" + label("Session type") + ",\"IsGlobal\":true,\"OptionSetType\":\"Picklist\","
                + "\"Options\":[{\"Label\":" + label("Individual") + "},{\"Label\":" + label("Group") + "}]}");
        String globalId = global.header("OData-EntityId").replaceAll(".*\\((.*)\\)", "$1");

        SimClient.Reply column = client.post("EntityDefinitions(LogicalName='task')/Attributes", column("Picklist", "profi_SessionType",
                ",\"GlobalOptionSet@odata.bind\":\"/GlobalOptionSetDefinitions(" + globalId + ")\""));

        assertThat(global.status()).isEqualTo(204);
        assertThat(column.status()).isEqualTo(204);
        assertThat(client.get("GlobalOptionSetDefinitions(Name='profi_sessiontype')").json().path("Options").findValuesAsText("Value"))
                .containsExactly("727000000", "727000001");
        assertThat(client.post("tasks", "{\"subject\":\"S\",\"profi_sessiontype\":727000001}").status()).isEqualTo(204);
    }

    @Test
    void relationship_creates_a_case_sensitive_navigation_property_and_its_cascade() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("EntityDefinitions", table("profi_session", "Session"));

        SimClient.Reply relationship = client.post("RelationshipDefinitions", "{\"@odata.type\":\"Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata\","
                + "\"SchemaName\":\"profi_coach_sessions\",\"ReferencedEntity\":\"profi_coach\",\"ReferencingEntity\":\"profi_session\","
                + "\"CascadeConfiguration\":{\"Delete\":\"Cascade\"},\"Lookup\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.LookupAttributeMetadata\","
                + "\"AttributeType\":\"Lookup\",\"SchemaName\":\"profi_CoachId\",\"DisplayName\":" + label("Coach") + "}}");
        UUID coach = client.create("profi_coaches", "{\"profi_name\":\"Ada\"}");
        SimClient.Reply lowercase = client.post("profi_sessions", "{\"profi_name\":\"S1\",\"profi_coachid@odata.bind\":\"/profi_coaches(" + coach + ")\"}");
        UUID session = client.create("profi_sessions", "{\"profi_name\":\"S1\",\"profi_CoachId@odata.bind\":\"/profi_coaches(" + coach + ")\"}");

        assertThat(relationship.status()).isEqualTo(204);
        assertThat(relationship.header("OData-EntityId")).contains("RelationshipDefinitions(");
        assertThat(client.get("RelationshipDefinitions(SchemaName='profi_coach_sessions')").json()
                .path("ReferencingEntityNavigationPropertyName").asText()).isEqualTo("profi_CoachId");
        assertThat(lowercase.code()).isEqualTo("0x80048d19");
        assertThat(client.get("profi_sessions(" + session + ")?$select=_profi_coachid_value").json().path("_profi_coachid_value").asText())
                .isEqualTo(coach.toString());
        assertThat(client.delete("profi_coaches(" + coach + ")").status()).isEqualTo(204);
        assertThat(client.get("profi_sessions(" + session + ")").status()).isEqualTo(404);
    }

    @Test
    void alternate_key_is_pending_then_active_and_then_upserts_by_key() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("EntityDefinitions(LogicalName='profi_coach')/Attributes", stringColumn("profi_ProfiId", 20));
        simulator.options().keyActivationDelayMillis(60_000);

        SimClient.Reply key = client.post("EntityDefinitions(LogicalName='profi_coach')/Keys", "{\"SchemaName\":\"profi_profiid_key\","
                + "\"DisplayName\":" + label("Profi id") + ",\"KeyAttributes\":[\"profi_profiid\"]}");
        SimClient.Reply whilePending = client.patch("profi_coaches(profi_profiid='C-1')", "{\"profi_name\":\"Ada\"}");

        assertThat(key.status()).isEqualTo(204);
        assertThat(keyStatus()).isEqualTo("Pending");
        assertThat(whilePending.status()).isEqualTo(400);
        assertThat(whilePending.code()).isEqualTo("0x80060891");

        simulator.options().keyActivationDelayMillis(50);
        client.post("EntityDefinitions(LogicalName='profi_coach')/Keys", "{\"SchemaName\":\"profi_name_key\","
                + "\"DisplayName\":" + label("Name") + ",\"KeyAttributes\":[\"profi_name\"]}");
        SimClient.await("name key active", () -> "Active".equals(keyStatus("profi_name_key")), Duration.ofSeconds(5));
        SimClient.Reply created = client.patch("profi_coaches(profi_name='Ada')", "{\"profi_profiid\":\"C-1\"}",
                "Prefer", "return=representation");
        SimClient.Reply updated = client.patch("profi_coaches(profi_name='ada')", "{\"profi_profiid\":\"C-2\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(updated.status()).isEqualTo(204);
        assertThat(client.get("profi_coaches(profi_name='Ada')?$select=profi_profiid").json().path("profi_profiid").asText()).isEqualTo("C-2");
        assertThat(client.get("profi_coaches").json().path("value")).hasSize(1);
        SimClient.Reply duplicate = client.post("profi_coaches", "{\"profi_name\":\"ADA\"}");
        assertThat(duplicate.status()).isEqualTo(412);
        assertThat(duplicate.code()).isEqualTo("0x80060892");
    }

    @Test
    void alternate_key_uniqueness_follows_rolled_back_bulk_calls_updates_and_deletes() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.post("EntityDefinitions(LogicalName='profi_coach')/Keys", "{\"SchemaName\":\"profi_name_key\","
                + "\"DisplayName\":" + label("Name") + ",\"KeyAttributes\":[\"profi_name\"]}");
        SimClient.await("name key active", () -> "Active".equals(keyStatus("profi_name_key")), Duration.ofSeconds(5));
        String ada = "{\"@odata.type\":\"Microsoft.Dynamics.CRM.profi_coach\",\"profi_name\":\"Ada\"}";
        String bad = "{\"@odata.type\":\"Microsoft.Dynamics.CRM.profi_coach\",\"profi_nope\":\"x\"}";

        SimClient.Reply rolledBack = client.post("profi_coaches/Microsoft.Dynamics.CRM.CreateMultiple",
                "{\"Targets\":[" + ada + "," + bad + "]}");
        UUID first = client.create("profi_coaches", "{\"profi_name\":\"Ada\"}");
        SimClient.Reply renamed = client.patch("profi_coaches(" + first + ")", "{\"profi_name\":\"Grace\"}");
        UUID second = client.create("profi_coaches", "{\"profi_name\":\"ada\"}");
        SimClient.Reply taken = client.post("profi_coaches", "{\"profi_name\":\"GRACE\"}");
        client.delete("profi_coaches(" + first + ")");
        UUID third = client.create("profi_coaches", "{\"profi_name\":\"Grace\"}");

        assertThat(rolledBack.status()).isEqualTo(400);
        assertThat(renamed.status()).isEqualTo(204);
        assertThat(second).isNotNull();
        assertThat(taken.code()).isEqualTo("0x80060892");
        assertThat(third).isNotNull();
        assertThat(client.get("profi_coaches(profi_name='grace')?$select=profi_coachid").json().path("profi_coachid").asText())
                .isEqualTo(third.toString());
    }

    @Test
    void alternate_key_fails_when_rows_already_share_values() {
        client.post("EntityDefinitions", table("profi_coach", "Coach"));
        client.create("profi_coaches", "{\"profi_name\":\"Same\"}");
        client.create("profi_coaches", "{\"profi_name\":\"same\"}");

        client.post("EntityDefinitions(LogicalName='profi_coach')/Keys", "{\"SchemaName\":\"profi_name_key\","
                + "\"DisplayName\":" + label("Name") + ",\"KeyAttributes\":[\"profi_name\"]}");

        SimClient.await("key built", () -> !"Pending".equals(keyStatus("profi_name_key")), Duration.ofSeconds(5));
        assertThat(keyStatus("profi_name_key")).isEqualTo("Failed");
    }

    @Test
    void publish_and_solution_are_recorded_in_the_state() {
        String publisher = client.get("publishers?$select=publisherid&$filter=customizationprefix%20eq%20'profi'").json()
                .path("value").get(0).path("publisherid").asText();
        assertThat(client.post("solutions", "{\"uniquename\":\"ProfiMigration\",\"friendlyname\":\"Profi migration\",\"version\":\"1.0.0.0\","
                + "\"publisherid@odata.bind\":\"/publishers(" + publisher + ")\"}").status()).isEqualTo(204);

        SimClient.Reply table = client.post("EntityDefinitions", table("profi_coach", "Coach"), "MSCRM.SolutionUniqueName", "ProfiMigration");
        SimClient.Reply unknownSolution = client.post("EntityDefinitions", table("profi_other", "Other"), "MSCRM.SolutionUniqueName", "Nope");
        SimClient.Reply publish = client.post("PublishXml", "{\"ParameterXml\":\"<importexportxml><entities><entity>profi_coach</entity>"
                + "</entities></importexportxml>\"}");

        assertThat(table.status()).isEqualTo(204);
        assertThat(unknownSolution.status()).isEqualTo(404);
        assertThat(publish.status()).isEqualTo(204);
        JsonNode state = json(simulator.stateJson());
        assertThat(state.path("tables").path("profi_coach").path("solution").asText()).isEqualTo("ProfiMigration");
        assertThat(state.path("tables").path("profi_coach").path("published").asBoolean()).isTrue();
        assertThat(state.path("tables").path("profi_coach").path("columns").path("profi_name").path("solution").asText())
                .isEqualTo("ProfiMigration");
        assertThat(state.path("publishes").get(0).asText()).isEqualTo("PublishXml:profi_coach");
    }

    @Test
    void metadata_writes_run_one_at_a_time() throws Exception {
        simulator.options().metadataWriteMillis(200);
        List<CompletableFuture<SimClient.Reply>> writes = new ArrayList<>();
        for (String name : List.of("profi_a", "profi_b", "profi_c")) {
            writes.add(CompletableFuture.supplyAsync(() -> client.post("EntityDefinitions", table(name, name))));
        }
        for (CompletableFuture<SimClient.Reply> write : writes) {
            assertThat(write.get().status()).isEqualTo(204);
        }
        List<DataverseRequestLog> log = new ArrayList<>(simulator.requests().stream()
                .filter(r -> r.path().endsWith("EntityDefinitions")).toList());
        log.sort(java.util.Comparator.comparing(DataverseRequestLog::end));
        assertThat(Duration.between(log.get(0).end(), log.get(2).end()).toMillis()).isGreaterThanOrEqualTo(350);
    }

    @Test
    void metadata_write_that_cannot_get_the_lock_in_time_is_0x80071151() throws Exception {
        simulator.options().metadataWriteMillis(2_000).metadataLockTimeoutMillis(50);
        CompletableFuture<SimClient.Reply> a = CompletableFuture.supplyAsync(() -> client.post("EntityDefinitions", table("profi_a", "A")));
        CompletableFuture<SimClient.Reply> b = CompletableFuture.supplyAsync(() -> client.post("EntityDefinitions", table("profi_b", "B")));

        List<SimClient.Reply> replies = List.of(a.get(), b.get());

        assertThat(replies).extracting(SimClient.Reply::status).containsExactlyInAnyOrder(204, 400);
        SimClient.Reply refused = replies.get(0).status() == 400 ? replies.get(0) : replies.get(1);
        assertThat(refused.code()).isEqualTo("0x80071151");
        assertThat(refused.message()).startsWith("Cannot start another [EntityCustomization] because there is a previous "
                + "[EntityCustomization] running at this moment.");
    }

    private String keyStatus() {
        return keyStatus("profi_profiid_key");
    }

    private String keyStatus(String key) {
        return client.get("EntityDefinitions(LogicalName='profi_coach')/Keys(LogicalName='" + key + "')?$select=EntityKeyIndexStatus")
                .json().path("EntityKeyIndexStatus").asText();
    }

    static String label(String text) {
        return "{\"@odata.type\":\"Microsoft.Dynamics.CRM.Label\",\"LocalizedLabels\":[{\"@odata.type\":\"Microsoft.Dynamics.CRM.LocalizedLabel\","
                + "\"Label\":\"" + text + "\",\"LanguageCode\":1033}]}";
    }

    static String primary(String schemaName) {
        return "{\"@odata.type\":\"Microsoft.Dynamics.CRM.StringAttributeMetadata\",\"SchemaName\":\"" + schemaName + "\","
                + "\"RequiredLevel\":{\"Value\":\"ApplicationRequired\"},\"MaxLength\":100,\"FormatName\":{\"Value\":\"Text\"},"
                + "\"DisplayName\":" + label("Name") + ",\"IsPrimaryName\":true}";
    }

    static String table(String schemaName, String display) {
        return "{\"@odata.type\":\"Microsoft.Dynamics.CRM.EntityMetadata\",\"SchemaName\":\"" + schemaName + "\","
                + "\"DisplayName\":" + label(display) + ",\"DisplayCollectionName\":" + label(display + "s") + ","
                + "\"OwnershipType\":\"UserOwned\",\"HasNotes\":true,\"HasActivities\":false,\"Attributes\":["
                + primary((schemaName.contains("_") ? schemaName.substring(0, schemaName.indexOf('_')) : "profi") + "_Name") + "]}";
    }

    static String stringColumn(String schemaName, int maxLength) {
        return column("String", schemaName, ",\"MaxLength\":" + maxLength + ",\"FormatName\":{\"Value\":\"Text\"}");
    }

    static String column(String type, String schemaName, String extra) {
        return "{\"@odata.type\":\"Microsoft.Dynamics.CRM." + type + "AttributeMetadata\",\"SchemaName\":\"" + schemaName + "\","
                + "\"RequiredLevel\":{\"Value\":\"None\"},\"DisplayName\":" + label(schemaName) + extra + "}";
    }

    private static JsonNode find(JsonNode attributes, String logicalName) {
        for (JsonNode attribute : attributes) {
            if (attribute.path("LogicalName").asText().equals(logicalName)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + logicalName);
    }

    private static JsonNode json(String text) {
        try {
            return SimClient.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
