package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataBodiesTest {

    private final MetadataBodies bodies = new MetadataBodies(1033);

    @Test
    void a_table_is_user_owned_with_exactly_one_primary_name_column() {
        ObjectNode t = bodies.table(TableSpec.of("profi_Coach", "Coach", "Coaches"));

        assertThat(t.path("@odata.type").asText()).isEqualTo("Microsoft.Dynamics.CRM.EntityMetadata");
        assertThat(t.path("OwnershipType").asText()).isEqualTo("UserOwned");
        assertThat(t.path("HasNotes").asBoolean()).isTrue();
        assertThat(t.path("Attributes")).hasSize(1);
        assertThat(t.path("Attributes").path(0).path("IsPrimaryName").asBoolean()).isTrue();
        assertThat(t.path("Attributes").path(0).path("SchemaName").asText()).isEqualTo("profi_Name");
        assertThat(t.path("DisplayCollectionName").path("LocalizedLabels").path(0).path("Label").asText())
                .isEqualTo("Coaches");
        assertThat(t.path("DisplayName").path("LocalizedLabels").path(0).path("LanguageCode").asInt()).isEqualTo(1033);
    }

    @Test
    void every_column_type_gets_its_metadata_class_and_settings() {
        assertThat(bodies.column(ColumnSpec.string("profi_Code", "Code", 40), null).toString())
                .contains("\"@odata.type\":\"Microsoft.Dynamics.CRM.StringAttributeMetadata\"", "\"MaxLength\":40",
                        "\"FormatName\":{\"Value\":\"Text\"}");
        assertThat(bodies.column(ColumnSpec.memo("profi_Notes", "Notes", 100000), null).toString())
                .contains("MemoAttributeMetadata", "\"MaxLength\":100000");
        assertThat(bodies.column(ColumnSpec.integer("profi_Count", "Count"), null).toString())
                .contains("IntegerAttributeMetadata", "\"MinValue\":-2147483648");
        assertThat(bodies.column(ColumnSpec.decimal("profi_Rate", "Rate", 2), null).toString())
                .contains("DecimalAttributeMetadata", "\"Precision\":2");
        assertThat(bodies.column(ColumnSpec.money("profi_Fee", "Fee", 2), null).toString())
                .contains("MoneyAttributeMetadata", "\"PrecisionSource\":2");
        assertThat(bodies.column(ColumnSpec.dateOnly("profi_Since", "Since"), null).toString())
                .contains("DateTimeAttributeMetadata", "\"Format\":\"DateOnly\"");
        assertThat(bodies.column(ColumnSpec.dateTime("profi_At", "At"), null).toString())
                .contains("\"Format\":\"DateAndTime\"");
        assertThat(bodies.column(ColumnSpec.bool("profi_Vip", "VIP", "Yes", "No"), null).toString())
                .contains("BooleanAttributeMetadata", "TrueOption", "FalseOption");
        assertThat(bodies.column(ColumnSpec.choice("profi_Level", "Level",
                List.of(new ChoiceOption(727000000, "Gold"))), null).toString())
                .contains("PicklistAttributeMetadata", "\"IsGlobal\":false", "\"Value\":727000000");
        assertThat(bodies.column(ColumnSpec.choices("profi_Tags", "Tags",
                List.of(new ChoiceOption(727000001, "A"))), null).toString())
                .contains("MultiSelectPicklistAttributeMetadata");
        UUID global = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
        assertThat(bodies.column(ColumnSpec.globalChoice("profi_Kind", "Kind", "profi_kind"), global).toString())
                .contains("\"GlobalOptionSet@odata.bind\":\"/GlobalOptionSetDefinitions(" + global + ")\"")
                .doesNotContain("\"OptionSet\"");
        assertThatThrownBy(() -> ColumnSpec.string("profi_Long", "Long", 4001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_lookup_is_a_one_to_many_relationship_with_its_lookup_column() {
        ObjectNode r = bodies.oneToMany(new LookupSpec("profi_account_profi_coach", "account", "profi_coach",
                "profi_AccountId", "Account", null));

        assertThat(r.path("@odata.type").asText()).isEqualTo("Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata");
        assertThat(r.path("ReferencedEntity").asText()).isEqualTo("account");
        assertThat(r.path("ReferencingEntity").asText()).isEqualTo("profi_coach");
        assertThat(r.path("CascadeConfiguration").path("Delete").asText()).isEqualTo("RemoveLink");
        assertThat(r.path("Lookup").path("@odata.type").asText()).isEqualTo("Microsoft.Dynamics.CRM.LookupAttributeMetadata");
        assertThat(r.path("Lookup").path("SchemaName").asText()).isEqualTo("profi_AccountId");
    }

    @Test
    void keys_and_publish_have_their_documented_shapes() {
        assertThat(bodies.key(new KeySpec("profi_profiid_key", "Profi id", List.of("profi_profiid"))).toString())
                .contains("\"KeyAttributes\":[\"profi_profiid\"]");
        assertThat(bodies.publish(List.of("contact", "profi_coach")).path("ParameterXml").asText())
                .isEqualTo("<importexportxml><entities><entity>contact</entity><entity>profi_coach</entity>"
                        + "</entities></importexportxml>");
    }
}
