package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseAuthTest {

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults().dopHint(7));
        client = new SimClient(simulator, "migration");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void base_url_is_the_v92_web_api_on_loopback() {
        assertThat(simulator.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/api/data/v9.2/");
    }

    @Test
    void request_without_bearer_token_gets_401_with_bearer_challenge() {
        SimClient.Reply reply = client.exchange(HttpRequest.newBuilder(client.resolve("WhoAmI")).GET().build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer ");
        assertThat(reply.header("x-ms-dop-hint")).isEqualTo("7");
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void unknown_token_gets_401() {
        SimClient.Reply reply = client.exchange(HttpRequest.newBuilder(client.resolve("WhoAmI"))
                .header("Authorization", "Bearer not-issued").GET().build());

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void expired_token_gets_401_and_a_renewed_token_works_again() {
        assertThat(client.get("WhoAmI").status()).isEqualTo(200);
        simulator.expireToken(client.token);

        SimClient.Reply expired = client.get("WhoAmI");
        SimClient renewed = new SimClient(simulator, "migration");

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(renewed.get("WhoAmI").status()).isEqualTo(200);
    }

    @Test
    void who_am_i_answers_the_app_users_systemuserid_business_unit_and_org() {
        SimClient.Reply reply = client.get("WhoAmI");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-ms-dop-hint")).isEqualTo("7");
        String userId = reply.json().path("UserId").asText();
        assertThat(reply.json().path("BusinessUnitId").asText()).hasSize(36);
        assertThat(reply.json().path("OrganizationId").asText()).hasSize(36);
        SimClient.Reply user = client.get("systemusers(" + userId + ")?$select=isdisabled,accessmode");
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().path("isdisabled").asBoolean()).isFalse();
        assertThat(user.json().path("accessmode").asInt()).isEqualTo(4);
    }

    @Test
    void each_app_user_is_its_own_systemuser() {
        SimClient other = new SimClient(simulator, "migration-2");

        assertThat(other.get("WhoAmI").json().path("UserId").asText())
                .isNotEqualTo(client.get("WhoAmI").json().path("UserId").asText());
    }

    @Test
    void post_who_am_i_is_no_resource_as_documented() {
        SimClient.Reply reply = client.post("WhoAmI", "{}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEmpty();
        assertThat(reply.message()).isEqualTo("No HTTP resource was found that matches the request URI '"
                + simulator.baseUrl() + "WhoAmI'.");
    }

    @Test
    void org_is_seeded_with_usd_and_eur() {
        SimClient.Reply reply = client.get("transactioncurrencies?$select=isocurrencycode&$orderby=isocurrencycode");

        assertThat(reply.json().path("value").findValuesAsText("isocurrencycode")).containsExactly("EUR", "USD");
    }

    @Test
    void unknown_entity_set_is_resource_not_found_for_the_segment() {
        SimClient.Reply reply = client.get("Account");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("0x8006088a");
        assertThat(reply.message()).isEqualTo("Resource not found for the segment 'Account'.");
    }
}
