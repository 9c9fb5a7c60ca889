package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BulkBodyTest {

    private static final UUID ANN = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID BOB = UUID.fromString("22222222-2222-2222-2222-222222222222");

    private static ObjectNode columns(String first, String last) {
        ObjectNode o = DataverseJson.object();
        o.put("firstname", first);
        o.put("lastname", last);
        return o;
    }

    @Test
    void create_multiple_body_lists_targets_with_odata_type_then_key_then_columns() {
        String body = text(BulkBody.targets(TableRef.CONTACT, List.of(
                RecordWrite.of("C-1", ANN, columns("Ann", "O'Brien")),
                RecordWrite.of("C-2", null, columns("Bob", "Lee")))));

        assertThat(body).isEqualTo("{\"Targets\":["
                + "{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"contactid\":\"11111111-1111-1111-1111-111111111111\","
                + "\"firstname\":\"Ann\",\"lastname\":\"O'Brien\"},"
                + "{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"firstname\":\"Bob\",\"lastname\":\"Lee\"}"
                + "]}");
    }

    @Test
    void task_targets_use_activityid_and_keep_lookup_bindings() {
        ObjectNode task = DataverseJson.object();
        task.put("subject", "Session 1");
        task.put("regardingobjectid_contact_task@odata.bind", "/contacts(" + ANN + ")");

        String body = text(BulkBody.targets(TableRef.TASK, List.of(RecordWrite.of("S-1", BOB, task))));

        assertThat(body).isEqualTo("{\"Targets\":[{\"@odata.type\":\"Microsoft.Dynamics.CRM.task\","
                + "\"activityid\":\"22222222-2222-2222-2222-222222222222\",\"subject\":\"Session 1\","
                + "\"regardingobjectid_contact_task@odata.bind\":\"/contacts(11111111-1111-1111-1111-111111111111)\"}]}");
    }

    @Test
    void a_primary_key_column_in_the_columns_is_not_written_twice() {
        ObjectNode c = columns("Ann", "Lee");
        c.put("contactid", BOB.toString());

        String body = text(BulkBody.targets(TableRef.CONTACT, List.of(RecordWrite.of("C-1", ANN, c))));

        assertThat(body).isEqualTo("{\"Targets\":[{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\","
                + "\"contactid\":\"11111111-1111-1111-1111-111111111111\",\"firstname\":\"Ann\",\"lastname\":\"Lee\"}]}");
    }

    @Test
    void non_ascii_text_exact_decimals_and_nulls_are_written_as_utf8_as_the_mapper_writes_them() {
        ObjectNode c = columns("Иван", "Петров-Smith \"Jr\"");
        c.put("creditlimit", new java.math.BigDecimal("1200.50"));
        c.put("description", "tab\tand line\nbreak, emoji \uD83D\uDE00");
        c.putNull("parentcustomerid_account@odata.bind");

        byte[] body = BulkBody.targets(TableRef.CONTACT, List.of(RecordWrite.of("C-1", ANN, c)));

        ObjectNode expected = DataverseJson.object();
        ObjectNode target = expected.putArray("Targets").addObject();
        target.put("@odata.type", "Microsoft.Dynamics.CRM.contact");
        target.put("contactid", ANN.toString());
        target.setAll(c);
        assertThat(text(body)).isEqualTo(DataverseJson.write(expected)).contains("\"creditlimit\":1200.50")
                .contains("Петров-Smith \\\"Jr\\\"");
    }

    private static String text(byte[] utf8) {
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void single_create_body_carries_the_chosen_key_and_update_body_does_not() {
        RecordWrite r = RecordWrite.of("C-1", ANN, columns("Ann", "Lee"));

        assertThat(BulkBody.createRecord(TableRef.CONTACT, r))
                .isEqualTo("{\"contactid\":\"11111111-1111-1111-1111-111111111111\",\"firstname\":\"Ann\",\"lastname\":\"Lee\"}");
        assertThat(BulkBody.columns(TableRef.CONTACT, r)).isEqualTo("{\"firstname\":\"Ann\",\"lastname\":\"Lee\"}");
    }

    @Test
    void bulk_messages_post_to_the_entity_set_action() {
        assertThat(BulkMessage.CREATE_MULTIPLE.actionPath(TableRef.CONTACT))
                .isEqualTo("contacts/Microsoft.Dynamics.CRM.CreateMultiple");
        assertThat(BulkMessage.UPSERT_MULTIPLE.actionPath(new TableRef("profi_coach", "profi_coaches", "profi_coachid")))
                .isEqualTo("profi_coaches/Microsoft.Dynamics.CRM.UpsertMultiple");
    }
}
