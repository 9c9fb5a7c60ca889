package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseCascadeTest {

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
    void deleting_an_account_cascades_to_its_contacts_and_their_tasks_and_notes() {
        UUID account = client.create("accounts", "{\"name\":\"Parent\"}");
        UUID contact = client.create("contacts", "{\"lastname\":\"Child\",\"parentcustomerid_account@odata.bind\":\"/accounts(" + account + ")\"}");
        UUID task = client.create("tasks", "{\"subject\":\"Call\",\"regardingobjectid_contact_task@odata.bind\":\"/contacts(" + contact + ")\"}");
        UUID contactNote = client.create("annotations", "{\"subject\":\"N\",\"objectid_contact@odata.bind\":\"/contacts(" + contact + ")\"}");
        UUID taskNote = client.create("annotations", "{\"subject\":\"N\",\"objectid_task@odata.bind\":\"/tasks(" + task + ")\"}");
        UUID accountTask = client.create("tasks", "{\"subject\":\"A\",\"regardingobjectid_account_task@odata.bind\":\"/accounts(" + account + ")\"}");

        assertThat(client.delete("accounts(" + account + ")").status()).isEqualTo(204);

        assertThat(client.get("contacts(" + contact + ")").status()).isEqualTo(404);
        assertThat(client.get("tasks(" + task + ")").status()).isEqualTo(404);
        assertThat(client.get("tasks(" + accountTask + ")").status()).isEqualTo(404);
        assertThat(client.get("annotations(" + contactNote + ")").status()).isEqualTo(404);
        assertThat(client.get("annotations(" + taskNote + ")").status()).isEqualTo(404);
    }

    @Test
    void remove_link_relationships_null_the_lookup_and_keep_the_row() {
        UUID parent = client.create("contacts", "{\"lastname\":\"Parent\"}");
        UUID child = client.create("contacts", "{\"lastname\":\"Child\",\"parentcustomerid_contact@odata.bind\":\"/contacts(" + parent + ")\"}");
        UUID account = client.create("accounts", "{\"name\":\"A\",\"primarycontactid@odata.bind\":\"/contacts(" + parent + ")\"}");

        client.delete("contacts(" + parent + ")");

        assertThat(client.get("contacts(" + child + ")?$select=_parentcustomerid_value").json().path("_parentcustomerid_value").isNull()).isTrue();
        assertThat(client.get("accounts(" + account + ")?$select=_primarycontactid_value").json().path("_primarycontactid_value").isNull()).isTrue();
    }

    @Test
    void deleting_a_lead_deletes_its_tasks_and_notes() {
        UUID lead = client.create("leads", "{\"subject\":\"Interested\",\"lastname\":\"L\"}");
        UUID task = client.create("tasks", "{\"subject\":\"T\",\"regardingobjectid_lead_task@odata.bind\":\"/leads(" + lead + ")\"}");
        UUID note = client.create("annotations", "{\"subject\":\"N\",\"objectid_lead@odata.bind\":\"/leads(" + lead + ")\"}");

        client.delete("leads(" + lead + ")");

        assertThat(client.get("tasks(" + task + ")").status()).isEqualTo(404);
        assertThat(client.get("annotations(" + note + ")").status()).isEqualTo(404);
    }

    @Test
    void deleting_a_task_deletes_its_notes_only() {
        UUID contact = client.create("contacts", "{\"lastname\":\"C\"}");
        UUID task = client.create("tasks", "{\"subject\":\"T\",\"regardingobjectid_contact_task@odata.bind\":\"/contacts(" + contact + ")\"}");
        UUID note = client.create("annotations", "{\"subject\":\"N\",\"objectid_task@odata.bind\":\"/tasks(" + task + ")\"}");

        client.delete("tasks(" + task + ")");

        assertThat(client.get("annotations(" + note + ")").status()).isEqualTo(404);
        assertThat(client.get("contacts(" + contact + ")").status()).isEqualTo(200);
    }

    @Test
    void closed_tasks_are_deleted_by_the_cascade_too() {
        UUID contact = client.create("contacts", "{\"lastname\":\"C\"}");
        UUID task = client.create("tasks", "{\"subject\":\"T\",\"regardingobjectid_contact_task@odata.bind\":\"/contacts(" + contact + ")\"}");
        client.patch("tasks(" + task + ")", "{\"statecode\":1,\"statuscode\":5}");

        assertThat(client.delete("contacts(" + contact + ")").status()).isEqualTo(204);
        assertThat(client.get("tasks(" + task + ")").status()).isEqualTo(404);
    }
}
