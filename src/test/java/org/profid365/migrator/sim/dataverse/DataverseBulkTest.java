package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseBulkTest {

    private static final String CONTACT = "\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\"";

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
    void create_multiple_answers_200_with_ids_in_order() {
        UUID first = UUID.fromString("00000000-0000-0000-0000-00000000000a");

        SimClient.Reply reply = client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple", "{\"Targets\":["
                + "{" + CONTACT + ",\"contactid\":\"" + first + "\",\"lastname\":\"One\"},"
                + "{" + CONTACT + ",\"lastname\":\"Two\"}]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("@odata.context").asText()).endsWith("$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse");
        List<String> ids = new ArrayList<>();
        reply.json().path("Ids").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(2).first().isEqualTo(first.toString());
        assertThat(client.get("contacts(" + ids.get(1) + ")?$select=lastname").json().path("lastname").asText()).isEqualTo("Two");
    }

    @Test
    void one_bad_target_fails_the_whole_request_with_its_error_and_writes_nothing() {
        SimClient.Reply reply = client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple", "{\"Targets\":["
                + "{" + CONTACT + ",\"lastname\":\"Good\"},"
                + "{" + CONTACT + ",\"lastname\":\"" + "x".repeat(51) + "\"}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80044331");
        assertThat(reply.message()).contains("'lastname' attribute of the 'contact' entity exceeded the maximum allowed length of '50'");
        assertThat(client.get("contacts").json().path("value")).isEmpty();
    }

    @Test
    void target_without_or_with_wrong_odata_type_is_refused() {
        SimClient.Reply missing = client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple", "{\"Targets\":[{\"lastname\":\"A\"}]}");
        SimClient.Reply wrong = client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple",
                "{\"Targets\":[{\"@odata.type\":\"Microsoft.Dynamics.CRM.account\",\"name\":\"A\"}]}");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("0x80048d19");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.code()).isEqualTo("0x80048d19");
    }

    @Test
    void update_multiple_answers_204_and_updates_every_target() {
        UUID a = client.create("contacts", "{\"lastname\":\"A\"}");
        UUID b = client.create("contacts", "{\"lastname\":\"B\"}");

        SimClient.Reply reply = client.post("contacts/Microsoft.Dynamics.CRM.UpdateMultiple", "{\"Targets\":["
                + "{" + CONTACT + ",\"contactid\":\"" + a + "\",\"jobtitle\":\"Coach\"},"
                + "{" + CONTACT + ",\"contactid\":\"" + b + "\",\"jobtitle\":\"Client\"}]}");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(client.get("contacts(" + b + ")?$select=jobtitle").json().path("jobtitle").asText()).isEqualTo("Client");
    }

    @Test
    void upsert_multiple_creates_and_updates_and_refuses_duplicate_keys() {
        UUID existing = client.create("contacts", "{\"lastname\":\"Old\"}");
        UUID fresh = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

        SimClient.Reply ok = client.post("contacts/Microsoft.Dynamics.CRM.UpsertMultiple", "{\"Targets\":["
                + "{" + CONTACT + ",\"contactid\":\"" + existing + "\",\"lastname\":\"New\"},"
                + "{" + CONTACT + ",\"contactid\":\"" + fresh + "\",\"lastname\":\"Fresh\"}]}");
        SimClient.Reply duplicate = client.post("contacts/Microsoft.Dynamics.CRM.UpsertMultiple", "{\"Targets\":["
                + "{" + CONTACT + ",\"contactid\":\"" + existing + "\",\"lastname\":\"X\"},"
                + "{" + CONTACT + ",\"contactid\":\"" + existing + "\",\"lastname\":\"Y\"}]}");

        assertThat(ok.status()).isEqualTo(204);
        assertThat(client.get("contacts(" + existing + ")?$select=lastname").json().path("lastname").asText()).isEqualTo("New");
        assertThat(client.get("contacts(" + fresh + ")?$select=lastname").json().path("lastname").asText()).isEqualTo("Fresh");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.code()).isEqualTo("0x80040237");
        assertThat(client.get("contacts(" + existing + ")?$select=lastname").json().path("lastname").asText()).isEqualTo("New");
    }

    @Test
    void bulk_call_is_one_request_costing_every_record() {
        client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple", "{\"Targets\":["
                + "{" + CONTACT + ",\"lastname\":\"1\"},{" + CONTACT + ",\"lastname\":\"2\"},{" + CONTACT + ",\"lastname\":\"3\"}]}");

        DataverseRequestLog last = simulator.requests().get(simulator.requests().size() - 1);
        assertThat(last.path()).endsWith("CreateMultiple");
        assertThat(last.records()).isEqualTo(3);
    }

    @Test
    void sdkmessagefilters_answer_a_row_where_bulk_is_supported() {
        String query = "sdkmessagefilters?$select=sdkmessagefilterid,primaryobjecttypecode&$filter="
                + DataverseRecordsTest.enc("sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'contact'");

        JsonNode supported = client.get(query).json();
        simulator.setBulkSupported("contact", "CreateMultiple", false);
        JsonNode switchedOff = client.get(query).json();

        assertThat(supported.path("value")).hasSize(1);
        assertThat(supported.path("value").get(0).path("primaryobjecttypecode").asText()).isEqualTo("contact");
        assertThat(switchedOff.path("value")).isEmpty();
        SimClient.Reply refused = client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple",
                "{\"Targets\":[{" + CONTACT + ",\"lastname\":\"A\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).startsWith("The 'CreateMultiple' method does not support entities of type 'contact'.");
    }
}
