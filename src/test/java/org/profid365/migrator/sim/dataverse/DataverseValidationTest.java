package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseValidationTest {

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults().attachmentMaxBytes(1_000));
        client = new SimClient(simulator, "migration");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void unknown_body_property_is_invalid_property_0x0() {
        SimClient.Reply reply = client.post("accounts", "{\"Name\":\"Account name\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x0");
        assertThat(reply.message()).startsWith("An error occurred while validating input parameters: "
                + "Microsoft.Crm.CrmException: Invalid property 'Name' was found in entity 'Microsoft.Dynamics.CRM.account'.");
    }

    @Test
    void text_longer_than_max_length_is_0x80044331() {
        SimClient.Reply reply = client.post("tasks", "{\"subject\":\"" + "x".repeat(201) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80044331");
        assertThat(reply.message()).isEqualTo("A validation error occurred.  The length of the 'subject' attribute of the "
                + "'task' entity exceeded the maximum allowed length of '200'.");
    }

    @Test
    void text_at_max_length_is_accepted() {
        assertThat(client.post("tasks", "{\"subject\":\"" + "x".repeat(200) + "\"}").status()).isEqualTo(204);
    }

    @Test
    void unknown_choice_value_is_0x8004431A() {
        SimClient.Reply reply = client.post("leads", "{\"subject\":\"L\",\"leadsourcecode\":11}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x8004431A");
        assertThat(reply.message()).isEqualTo("A validation error occurred. The value 11 of 'leadsourcecode' on record of "
                + "type 'lead' is outside the valid range. Accepted Values: 1,2,3,4,5,6,7,8,9,10");
    }

    @Test
    void integer_outside_min_max_is_0x80044331() {
        SimClient.Reply reply = client.post("accounts", "{\"name\":\"A\",\"numberofemployees\":-1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80044331");
        assertThat(reply.message()).isEqualTo("A validation error occurred.  The value -1 of 'numberofemployees' on record "
                + "of type 'account' is outside the valid range.");
    }

    @Test
    void wrong_json_type_is_a_conversion_error() {
        SimClient.Reply number = client.post("accounts", "{\"name\":\"A\",\"numberofemployees\":\"ten\"}");
        SimClient.Reply text = client.post("accounts", "{\"name\":42}");
        SimClient.Reply object = client.post("accounts", "{\"name\":{\"x\":1}}");

        assertThat(number.status()).isEqualTo(400);
        assertThat(number.message()).contains("Cannot convert the literal 'ten' to the expected type 'Edm.Int32'.");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.message()).contains("Cannot convert the literal '42' to the expected type 'Edm.String'.");
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.message()).contains("An unexpected 'StartObject' node was found for property named 'name'");
    }

    @Test
    void bare_polymorphic_lookup_bind_is_0x80048d19() {
        UUID account = client.create("accounts", "{\"name\":\"A\"}");

        SimClient.Reply reply = client.post("contacts", "{\"lastname\":\"L\",\"parentcustomerid@odata.bind\":\"accounts("
                + account + ")\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80048d19");
        assertThat(reply.message()).startsWith("Error identified in Payload provided by the user for Entity :'contacts'")
                .contains("An undeclared property 'parentcustomerid' which only has property annotations in the payload "
                        + "but no property value was found in the payload.");
    }

    @Test
    void navigation_property_names_are_case_sensitive() {
        UUID account = client.create("accounts", "{\"name\":\"A\"}");

        SimClient.Reply wrongCase = client.post("contacts", "{\"lastname\":\"L\",\"ParentCustomerId_Account@odata.bind\":\"/accounts("
                + account + ")\"}");
        SimClient.Reply unknown = client.post("contacts", "{\"lastname\":\"L\",\"account_contact@odata.bind\":\"/accounts("
                + account + ")\"}");
        SimClient.Reply right = client.post("contacts", "{\"lastname\":\"L\",\"parentcustomerid_account@odata.bind\":\"/accounts("
                + account + ")\"}");

        assertThat(wrongCase.code()).isEqualTo("0x80048d19");
        assertThat(wrongCase.message()).contains("An undeclared property 'ParentCustomerId_Account'");
        assertThat(unknown.code()).isEqualTo("0x80048d19");
        assertThat(right.status()).isEqualTo(204);
    }

    @Test
    void bind_to_a_missing_record_is_404_does_not_exist() {
        SimClient.Reply reply = client.post("tasks", "{\"subject\":\"S\",\"regardingobjectid_contact_task@odata.bind\":"
                + "\"/contacts(00000000-0000-0000-0000-0000000000aa)\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("0x80040217");
        assertThat(reply.message()).isEqualTo("Entity 'contact' With Id = 00000000-0000-0000-0000-0000000000aa Does Not Exist");
    }

    @Test
    void disabled_owner_is_0x80040225_and_an_enabled_one_is_kept() {
        UUID disabled = simulator.addSystemUser("gone@x.com", "Gone Coach", true);
        UUID enabled = simulator.addSystemUser("coach@x.com", "Coach", false);

        SimClient.Reply refused = client.post("contacts", "{\"lastname\":\"L\",\"ownerid@odata.bind\":\"/systemusers(" + disabled + ")\"}");
        UUID id = client.create("contacts", "{\"lastname\":\"L\",\"ownerid@odata.bind\":\"/systemusers(" + enabled + ")\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("0x80040225");
        assertThat(refused.message()).startsWith("The specified user(Id = " + disabled + ", type = 8) is disabled.");
        assertThat(client.get("contacts(" + id + ")?$select=_ownerid_value").json().path("_ownerid_value").asText())
                .isEqualTo(enabled.toString());
    }

    @Test
    void owner_defaults_to_the_calling_app_user() {
        UUID id = client.create("contacts", "{\"lastname\":\"L\"}");
        String me = client.get("WhoAmI").json().path("UserId").asText();

        assertThat(client.get("contacts(" + id + ")?$select=_ownerid_value").json().path("_ownerid_value").asText()).isEqualTo(me);
    }

    @Test
    void writing_a_lookup_value_property_directly_is_refused() {
        SimClient.Reply reply = client.post("contacts", "{\"lastname\":\"L\",\"_parentcustomerid_value\":\"" + UUID.randomUUID() + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80060888");
    }

    @Test
    void column_not_valid_for_create_is_refused() {
        SimClient.Reply lead = client.post("leads", "{\"subject\":\"L\",\"statecode\":0}");
        SimClient.Reply fullname = client.post("contacts", "{\"fullname\":\"Anna Muster\"}");

        assertThat(lead.status()).isEqualTo(400);
        assertThat(lead.code()).isEqualTo("0x80040203");
        assertThat(lead.message()).isEqualTo("The 'statecode' attribute is not valid for create on entity 'lead'.");
        assertThat(fullname.status()).isEqualTo(400);
    }

    @Test
    void column_not_valid_for_update_is_refused() {
        UUID id = client.create("contacts", "{\"lastname\":\"L\"}");

        SimClient.Reply reply = client.patch("contacts(" + id + ")", "{\"overriddencreatedon\":\"2020-01-01T00:00:00Z\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).isEqualTo("The 'overriddencreatedon' attribute is not valid for update on entity 'contact'.");
    }

    @Test
    void overriddencreatedon_becomes_createdon_on_create() {
        UUID overridden = client.create("contacts", "{\"lastname\":\"L\",\"overriddencreatedon\":\"2019-05-04T10:15:00+02:00\"}");
        UUID plain = client.create("contacts", "{\"lastname\":\"M\"}");

        assertThat(client.get("contacts(" + overridden + ")?$select=createdon").json().path("createdon").asText())
                .isEqualTo("2019-05-04T08:15:00Z");
        assertThat(client.get("contacts(" + plain + ")?$select=createdon").json().path("createdon").asText())
                .startsWith(String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue()));
    }

    @Test
    void task_closes_with_completed_or_canceled_pairs_and_is_then_read_only() {
        UUID done = client.create("tasks", "{\"subject\":\"Done\"}");
        UUID canceled = client.create("tasks", "{\"subject\":\"Canceled\"}");

        assertThat(client.patch("tasks(" + done + ")", "{\"statecode\":1,\"statuscode\":5}").status()).isEqualTo(204);
        assertThat(client.patch("tasks(" + canceled + ")", "{\"statecode\":2,\"statuscode\":6}").status()).isEqualTo(204);
        SimClient.Reply edit = client.patch("tasks(" + done + ")", "{\"subject\":\"Changed\"}");

        assertThat(edit.status()).isEqualTo(400);
        assertThat(edit.code()).isEqualTo("0x80040203");
        assertThat(client.get("tasks(" + done + ")?$select=subject,statecode,statuscode").json().path("subject").asText())
                .isEqualTo("Done");
        assertThat(client.patch("tasks(" + done + ")", "{\"statecode\":0,\"statuscode\":2}").status()).isEqualTo(204);
        assertThat(client.patch("tasks(" + done + ")", "{\"subject\":\"Changed\"}").status()).isEqualTo(204);
    }

    @Test
    void invalid_state_status_pair_is_refused() {
        UUID task = client.create("tasks", "{\"subject\":\"T\"}");

        SimClient.Reply reply = client.patch("tasks(" + task + ")", "{\"statecode\":1,\"statuscode\":6}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80040203");
        assertThat(reply.message()).startsWith("6 is not a valid status code for state code TaskState.Completed");
    }

    @Test
    void task_cannot_be_created_closed() {
        SimClient.Reply reply = client.post("tasks", "{\"subject\":\"T\",\"statecode\":1,\"statuscode\":5}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80040203");
    }

    @Test
    void money_without_currency_gets_the_org_base_currency() {
        UUID account = client.create("accounts", "{\"name\":\"A\",\"revenue\":1000.5}");
        String usd = client.get("transactioncurrencies?$select=transactioncurrencyid&$filter=isocurrencycode%20eq%20'USD'")
                .json().path("value").get(0).path("transactioncurrencyid").asText();

        JsonNode row = client.get("accounts(" + account + ")?$select=revenue,_transactioncurrencyid_value").json();

        assertThat(row.path("_transactioncurrencyid_value").asText()).isEqualTo(usd);
        assertThat(row.path("revenue").decimalValue()).isEqualByComparingTo("1000.50");
    }

    @Test
    void date_only_columns_take_yyyy_mm_dd_only() {
        SimClient.Reply full = client.post("contacts", "{\"lastname\":\"L\",\"birthdate\":\"1980-02-03T00:00:00Z\"}");
        UUID ok = client.create("contacts", "{\"lastname\":\"L\",\"birthdate\":\"1980-02-03\"}");

        assertThat(full.status()).isEqualTo(400);
        assertThat(full.message()).contains("Cannot convert the literal '1980-02-03T00:00:00Z' to the expected type 'Edm.Date'.");
        assertThat(client.get("contacts(" + ok + ")?$select=birthdate").json().path("birthdate").asText()).isEqualTo("1980-02-03");
    }

    @Test
    void date_time_must_be_iso_8601_with_offset_and_reads_back_in_utc() {
        SimClient.Reply noOffset = client.post("tasks", "{\"subject\":\"T\",\"scheduledstart\":\"2024-03-01 10:00\"}");
        UUID ok = client.create("tasks", "{\"subject\":\"T\",\"scheduledstart\":\"2024-03-01T10:00:00+01:00\"}");

        assertThat(noOffset.status()).isEqualTo(400);
        assertThat(noOffset.message()).contains("'Edm.DateTimeOffset'");
        assertThat(client.get("tasks(" + ok + ")?$select=scheduledstart").json().path("scheduledstart").asText())
                .isEqualTo("2024-03-01T09:00:00Z");
    }

    @Test
    void note_body_over_the_attachment_limit_is_0x80044a02() {
        String big = "A".repeat(1_004);

        SimClient.Reply reply = client.post("annotations", "{\"subject\":\"N\",\"filename\":\"f.bin\",\"mimetype\":\"application/octet-stream\","
                + "\"documentbody\":\"" + big + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("0x80044a02");
        assertThat(reply.message()).isEqualTo("The attachment is either not a valid type or is too large. It cannot be uploaded or downloaded.");
    }

    @Test
    void note_attachment_uploads_in_blocks() {
        simulator.options().attachmentMaxBytes(10_000);
        UUID contact = client.create("contacts", "{\"lastname\":\"L\"}");
        String target = "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.annotation\",\"subject\":\"Contract\","
                + "\"filename\":\"c.txt\",\"mimetype\":\"text/plain\",\"objectid_contact@odata.bind\":\"/contacts(" + contact + ")\"}";

        String token = client.post("InitializeAnnotationBlocksUpload", target + "}").json().path("FileContinuationToken").asText();
        assertThat(client.post("UploadBlock", "{\"BlockId\":\"QUE=\",\"BlockData\":\"" + b64("hello ") + "\",\"FileContinuationToken\":\""
                + token + "\"}").status()).isEqualTo(204);
        assertThat(client.post("UploadBlock", "{\"BlockId\":\"QUI=\",\"BlockData\":\"" + b64("world") + "\",\"FileContinuationToken\":\""
                + token + "\"}").status()).isEqualTo(204);
        SimClient.Reply commit = client.post("CommitAnnotationBlocksUpload", target + ",\"BlockList\":[\"QUE=\",\"QUI=\"],"
                + "\"FileContinuationToken\":\"" + token + "\"}");

        assertThat(commit.status()).isEqualTo(200);
        assertThat(commit.json().path("FileSizeInBytes").asInt()).isEqualTo(11);
        JsonNode note = client.get("annotations(" + commit.json().path("AnnotationId").asText()
                + ")?$select=documentbody,isdocument,_objectid_value").json();
        assertThat(new String(Base64.getDecoder().decode(note.path("documentbody").asText()))).isEqualTo("hello world");
        assertThat(note.path("isdocument").asBoolean()).isTrue();
        assertThat(note.path("_objectid_value").asText()).isEqualTo(contact.toString());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }
}
