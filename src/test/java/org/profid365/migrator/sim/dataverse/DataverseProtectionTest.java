package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseProtectionTest {

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults().windowMillis(2_000));
        client = new SimClient(simulator, "migration");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void too_many_requests_in_the_window_is_429_0x80072322_and_the_penalty_holds_until_retry_after() {
        simulator.options().maxRequests(3);
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("WhoAmI").status()).isEqualTo(200);
        }

        SimClient.Reply refused = client.get("WhoAmI");
        Instant refusedAt = Instant.now();
        SimClient.Reply early = client.get("WhoAmI");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("0x80072322");
        assertThat(refused.message()).isEqualTo("Number of requests exceeded the limit of 3 over time window of 2 seconds.");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 2);
        assertThat(early.status()).isEqualTo(429);
        assertThat(early.code()).isEqualTo("0x80072322");

        Instant allowed = refusedAt.plusSeconds(retryAfter);
        SimClient.await("Retry-After to pass", () -> Instant.now().isAfter(allowed), Duration.ofSeconds(5));
        assertThat(client.get("WhoAmI").status()).isEqualTo(200);
    }

    @Test
    void combined_execution_time_over_the_limit_is_429_0x80072321() {
        simulator.options().maxExecutionMillis(10).executionMillisPerRecord(5);
        String target = "{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"lastname\":\"X\"}";

        SimClient.Reply bulk = client.post("contacts/Microsoft.Dynamics.CRM.CreateMultiple",
                "{\"Targets\":[" + target + "," + target + "," + target + "]}");
        SimClient.Reply next = client.get("WhoAmI");

        assertThat(bulk.status()).isEqualTo(200);
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.code()).isEqualTo("0x80072321");
        assertThat(next.message()).isEqualTo("Combined execution time of incoming requests exceeded limit of 10 milliseconds over "
                + "time window of 2 seconds. Decrease number of concurrent requests or reduce the duration of requests and try "
                + "again later.");
        assertThat(next.header("Retry-After")).isNotNull();
    }

    @Test
    void too_many_concurrent_requests_come_back_at_once_with_0x80072326() throws Exception {
        simulator.options().maxConcurrent(2).simulateExecutionTime(true).executionMillisPerRecord(1_000);
        List<CompletableFuture<SimClient.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> client.post("contacts", "{\"lastname\":\"C\"}")));
        }
        List<SimClient.Reply> replies = new ArrayList<>();
        for (CompletableFuture<SimClient.Reply> call : calls) {
            replies.add(call.get());
        }

        List<SimClient.Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).isNotEmpty();
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo("0x80072326");
            assertThat(r.message()).isEqualTo("Number of concurrent requests exceeded the limit of 2.");
            assertThat(r.header("Retry-After")).isEqualTo("1");
        });
        assertThat(simulator.requests()).filteredOn(r -> r.status() == 429)
                .allSatisfy(r -> assertThat(Duration.between(r.start(), r.end()).toMillis()).isLessThan(500));
    }

    @Test
    void a_request_sent_before_the_retry_after_it_was_given_ran_out_is_counted_as_an_early_retry() {
        simulator.options().maxRequests(1);
        SimClient other = new SimClient(simulator, "migration-2");
        client.get("WhoAmI");

        assertThat(client.get("WhoAmI").status()).isEqualTo(429);
        Instant refusedAt = Instant.now();
        assertThat(simulator.earlyRetries()).as("the request that found the limit was not told to wait").isZero();
        assertThat(client.get("WhoAmI").status()).isEqualTo(429);
        assertThat(simulator.inFlightAtRetryAfter()).as("right after the answer: could have been on its way").isEqualTo(1);
        SimClient.await("the in-flight grace to pass", () -> Instant.now().isAfter(refusedAt.plusMillis(150)),
                Duration.ofSeconds(1));
        assertThat(client.get("WhoAmI").status()).isEqualTo(429);
        other.get("WhoAmI");

        assertThat(simulator.earlyRetries()).as("only the later retry of the user that was told to wait").isEqualTo(1);
    }

    @Test
    void each_app_user_has_its_own_budget() {
        simulator.options().maxRequests(1);
        SimClient other = new SimClient(simulator, "migration-2");
        client.get("WhoAmI");

        assertThat(client.get("WhoAmI").status()).isEqualTo(429);
        assertThat(other.get("WhoAmI").status()).isEqualTo(200);
    }
}
