package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseRecordsTest {

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults());
        client = new SimClient(simulator, "migration");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void create_answers_204_with_odata_entity_id() {
        SimClient.Reply reply = client.post("contacts", "{\"firstname\":\"Anna\",\"lastname\":\"Muster\"}");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.header("OData-EntityId")).matches(simulator.baseUrl() + "contacts\\([0-9a-f-]{36}\\)");
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void create_with_return_representation_answers_201_and_the_row() {
        SimClient.Reply reply = client.post("contacts?$select=firstname,fullname", "{\"firstname\":\"Anna\",\"lastname\":\"Muster\"}",
                "Prefer", "return=representation");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().path("fullname").asText()).isEqualTo("Anna Muster");
        assertThat(reply.json().path("@odata.etag").asText()).startsWith("W/\"");
        assertThat(reply.json().path("@odata.context").asText()).endsWith("$metadata#contacts(firstname,fullname)/$entity");
    }

    @Test
    void caller_supplied_primary_key_is_honoured() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");

        SimClient.Reply reply = client.post("contacts", "{\"contactid\":\"" + id + "\",\"lastname\":\"A\"}");

        assertThat(reply.entityId()).isEqualTo(id);
        assertThat(client.get("contacts(" + id + ")").status()).isEqualTo(200);
    }

    @Test
    void post_with_an_existing_primary_key_is_a_duplicate() {
        String body = "{\"contactid\":\"00000000-0000-0000-0000-000000000002\",\"lastname\":\"A\"}";
        client.post("contacts", body);

        SimClient.Reply reply = client.post("contacts", body);

        assertThat(reply.status()).isEqualTo(412);
        assertThat(reply.code()).isEqualTo("0x80040237");
        assertThat(reply.message()).isEqualTo("A record with matching key values already exists.");
    }

    @Test
    void duplicate_status_on_post_is_configurable_to_400() {
        simulator.options().duplicateCreateStatus(400);
        String body = "{\"contactid\":\"00000000-0000-0000-0000-000000000003\",\"lastname\":\"A\"}";
        client.post("contacts", body);

        assertThat(client.post("contacts", body).status()).isEqualTo(400);
    }

    @Test
    void retrieve_with_select_returns_only_those_columns_and_the_key() {
        UUID id = client.create("contacts", "{\"firstname\":\"Anna\",\"lastname\":\"Muster\",\"emailaddress1\":\"a@x.com\"}");

        JsonNode row = client.get("contacts(" + id + ")?$select=firstname,emailaddress1").json();

        assertThat(row.path("firstname").asText()).isEqualTo("Anna");
        assertThat(row.path("emailaddress1").asText()).isEqualTo("a@x.com");
        assertThat(row.path("contactid").asText()).isEqualTo(id.toString());
        assertThat(row.has("lastname")).isFalse();
    }

    @Test
    void retrieve_of_a_missing_row_is_404_does_not_exist() {
        SimClient.Reply reply = client.get("contacts(00000000-0000-0000-0000-0000000000ff)");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("0x80040217");
        assertThat(reply.message()).isEqualTo("Entity 'contact' With Id = 00000000-0000-0000-0000-0000000000ff Does Not Exist");
    }

    @Test
    void filter_supports_comparisons_and_or_and_quoted_strings() {
        client.create("contacts", "{\"firstname\":\"Bob\",\"lastname\":\"O'Brien\"}");
        client.create("contacts", "{\"firstname\":\"Cleo\",\"lastname\":\"Smith\"}");
        client.create("contacts", "{\"firstname\":\"Dan\",\"lastname\":\"Smith\",\"emailaddress1\":\"d@x.com\"}");

        assertThat(names("contacts?$select=firstname&$filter=" + enc("lastname eq 'O''Brien'"))).containsExactly("Bob");
        assertThat(names("contacts?$select=firstname&$filter=" + enc("lastname eq 'smith' and emailaddress1 eq null")))
                .containsExactly("Cleo");
        assertThat(names("contacts?$select=firstname&$filter=" + enc("firstname eq 'Bob' or firstname eq 'Dan'")))
                .containsExactlyInAnyOrder("Bob", "Dan");
        assertThat(names("contacts?$select=firstname&$filter=" + enc("emailaddress1 ne null"))).containsExactly("Dan");
    }

    @Test
    void filter_on_numbers_dates_and_guids() {
        UUID account = client.create("accounts", "{\"name\":\"Big\",\"numberofemployees\":500}");
        client.create("accounts", "{\"name\":\"Small\",\"numberofemployees\":5}");
        client.create("contacts", "{\"lastname\":\"Linked\",\"parentcustomerid_account@odata.bind\":\"/accounts(" + account + ")\"}");

        assertThat(client.get("accounts?$select=name&$filter=" + enc("numberofemployees ge 10 and numberofemployees lt 1000"))
                .json().path("value").findValuesAsText("name")).containsExactly("Big");
        assertThat(client.get("contacts?$select=lastname&$filter=" + enc("_parentcustomerid_value eq " + account))
                .json().path("value").findValuesAsText("lastname")).containsExactly("Linked");
        // a GUID inside parentheses and followed by more of the filter, in upper case
        assertThat(client.get("contacts?$select=lastname&$filter=" + enc("(_parentcustomerid_value eq "
                        + account.toString().toUpperCase(java.util.Locale.ROOT) + ") and lastname ne null"))
                .json().path("value").findValuesAsText("lastname")).containsExactly("Linked");
        assertThat(client.get("accounts?$select=name&$filter=" + enc("createdon gt 2000-01-01T00:00:00Z"))
                .json().path("value")).hasSize(2);
    }

    @Test
    void filter_with_a_quoted_guid_is_an_incompatible_types_error() {
        SimClient.Reply reply = client.get("contacts?$filter=" + enc("contactid eq '00000000-0000-0000-0000-000000000001'"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x0");
        assertThat(reply.message()).isEqualTo("A binary operator with incompatible types was detected. Found operand types "
                + "'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.");
    }

    @Test
    void select_of_an_unknown_property_is_could_not_find_a_property() {
        SimClient.Reply reply = client.get("accounts?$select=Name");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x0");
        assertThat(reply.message()).isEqualTo("Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.");
    }

    @Test
    void paging_follows_next_link_with_maxpagesize() {
        for (int i = 0; i < 7; i++) {
            client.create("contacts", "{\"lastname\":\"P" + i + "\"}");
        }
        List<String> seen = new ArrayList<>();
        String next = "contacts?$select=lastname";
        int pages = 0;
        while (next != null) {
            SimClient.Reply reply = client.get(next, "Prefer", "odata.maxpagesize=3");
            assertThat(reply.header("Preference-Applied")).isEqualTo("odata.maxpagesize=3");
            seen.addAll(reply.json().path("value").findValuesAsText("lastname"));
            next = reply.json().hasNonNull("@odata.nextLink") ? reply.json().path("@odata.nextLink").asText() : null;
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrder("P0", "P1", "P2", "P3", "P4", "P5", "P6");
    }

    @Test
    void skip_is_not_supported() {
        SimClient.Reply reply = client.get("contacts?$skip=10");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).isEqualTo("The query parameter $skip is not supported");
    }

    @Test
    void patch_upserts_creating_then_updating() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000010");

        SimClient.Reply created = client.patch("contacts(" + id + ")", "{\"lastname\":\"First\"}", "Prefer", "return=representation");
        SimClient.Reply updated = client.patch("contacts(" + id + ")", "{\"lastname\":\"Second\"}", "Prefer", "return=representation");

        assertThat(created.status()).isEqualTo(201);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(client.get("contacts(" + id + ")?$select=lastname").json().path("lastname").asText()).isEqualTo("Second");
    }

    @Test
    void patch_with_if_match_star_is_update_only() {
        SimClient.Reply reply = client.patch("contacts(00000000-0000-0000-0000-000000000011)", "{\"lastname\":\"X\"}",
                "If-Match", "*");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("0x80040217");
        assertThat(client.get("contacts(00000000-0000-0000-0000-000000000011)").status()).isEqualTo(404);
    }

    @Test
    void patch_with_if_none_match_star_is_create_only() {
        UUID id = client.create("contacts", "{\"lastname\":\"X\"}");

        SimClient.Reply reply = client.patch("contacts(" + id + ")", "{\"lastname\":\"Y\"}", "If-None-Match", "*");

        assertThat(reply.status()).isEqualTo(412);
        assertThat(reply.code()).isEqualTo("0x80040237");
        assertThat(client.get("contacts(" + id + ")?$select=lastname").json().path("lastname").asText()).isEqualTo("X");
    }

    @Test
    void delete_answers_204_then_404() {
        UUID id = client.create("contacts", "{\"lastname\":\"X\"}");

        assertThat(client.delete("contacts(" + id + ")").status()).isEqualTo(204);
        SimClient.Reply again = client.delete("contacts(" + id + ")");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("0x80040217");
    }

    @Test
    void single_property_put_and_reference_delete() {
        UUID account = client.create("accounts", "{\"name\":\"A\"}");
        UUID contact = client.create("contacts", "{\"lastname\":\"L\",\"parentcustomerid_account@odata.bind\":\"/accounts(" + account + ")\"}");

        assertThat(client.send("PUT", "contacts(" + contact + ")/jobtitle", "{\"value\":\"Coach\"}").status()).isEqualTo(204);
        assertThat(client.delete("contacts(" + contact + ")/parentcustomerid_account/$ref").status()).isEqualTo(204);

        JsonNode row = client.get("contacts(" + contact + ")?$select=jobtitle,_parentcustomerid_value").json();
        assertThat(row.path("jobtitle").asText()).isEqualTo("Coach");
        assertThat(row.path("_parentcustomerid_value").isNull()).isTrue();
    }

    @Test
    void expand_is_refused_rather_than_ignored() {
        SimClient.Reply reply = client.get("contacts?$expand=parentcustomerid_account");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("not supported by the Dataverse simulator");
    }

    private List<String> names(String path) {
        return client.get(path).json().path("value").findValuesAsText("firstname");
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
