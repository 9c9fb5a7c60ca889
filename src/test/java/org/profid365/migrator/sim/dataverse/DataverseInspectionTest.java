package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseInspectionTest {

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
    void state_json_is_deterministic_and_shows_rows_and_schema() throws Exception {
        UUID id = client.create("contacts", "{\"lastname\":\"Muster\",\"firstname\":\"Anna\"}");

        String first = simulator.stateJson();
        String second = simulator.stateJson();
        JsonNode state = SimClient.JSON.readTree(first);

        assertThat(first).isEqualTo(second);
        assertThat(state.path("records").path("contact").get(0).path("contactid").asText()).isEqualTo(id.toString());
        assertThat(state.path("records").path("contact").get(0).path("fullname").asText()).isEqualTo("Anna Muster");
        assertThat(state.path("tables").path("contact").path("columns").path("emailaddress1").path("maxLength").asInt()).isEqualTo(100);
        assertThat(state.path("records").path("transactioncurrency")).hasSize(2);
    }

    @Test
    void a_refused_bulk_request_leaves_the_state_unchanged() {
        client.create("contacts", "{\"lastname\":\"Kept\"}");
        String before = simulator.stateJson();

        client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple", "{\"Targets\":["
                + "{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"lastname\":\"New\"},"
                + "{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"gendercode\":7}]}");

        assertThat(simulator.stateJson()).isEqualTo(before);
    }

    @Test
    void request_log_records_method_path_status_user_times_and_records() {
        client.get("WhoAmI");
        client.post("contacts", "{\"lastname\":\"A\"}");

        assertThat(simulator.requests()).hasSize(2);
        DataverseRequestLog create = simulator.requests().get(1);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/api/data/v9.2/contacts");
        assertThat(create.status()).isEqualTo(204);
        assertThat(create.appUser()).isEqualTo("migration");
        assertThat(create.records()).isEqualTo(1);
        assertThat(create.end()).isAfterOrEqualTo(create.start());
    }

    @Test
    void before_answer_is_told_once_the_write_landed_and_the_log_keeps_the_retry_after_answered() {
        List<String> told = new CopyOnWriteArrayList<>();
        simulator.beforeAnswer(r -> told.add(r.method() + " " + r.status() + " landed=" + simulator.stateJson().contains("Held")));
        client.post("contacts", "{\"lastname\":\"Held\"}");
        simulator.beforeAnswer(null);
        client.get("WhoAmI");

        assertThat(told).containsExactly("POST 204 landed=true");
        simulator.options().serverErrorShare(1.0).serverErrorRetryAfterSeconds(3);
        client.get("WhoAmI");
        assertThat(simulator.requests()).extracting(DataverseRequestLog::retryAfter).containsExactly(null, null, "3");
    }
}
