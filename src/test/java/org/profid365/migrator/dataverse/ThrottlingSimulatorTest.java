package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

class ThrottlingSimulatorTest {

    /** The 429's end as logged may trail the client's receipt by a hair; nothing else is allowed. */
    private static final Duration LOG_SKEW = Duration.ofMillis(10);

    @Test
    void after_a_429_with_retry_after_2_nothing_is_sent_as_that_user_until_2_seconds_have_passed() throws Exception {
        DataverseSimOptions options = DataverseSimOptions.defaults().windowMillis(2_000).maxRequests(3);
        try (SimulatorFixture f = SimulatorFixture.start(options, List.of("a", "b"))) {
            AppUser a = f.user("a");
            DataverseClient client = f.dv.client();
            for (int i = 0; i < 3; i++) {
                client.execute(a, DataverseRequest.get("WhoAmI")).requireSuccess();
            }

            CompletableFuture<DataverseResponse> throttled = CompletableFuture.supplyAsync(
                    () -> client.execute(a, DataverseRequest.get("contacts?$select=contactid")));
            SimulatorFixture.await(() -> a.budget().isBlocked(), Duration.ofSeconds(5));
            // another request for the same user while its channel is shut, and one for whoever is free
            CompletableFuture<DataverseResponse> sameUser = CompletableFuture.supplyAsync(
                    () -> client.execute(a, DataverseRequest.get("WhoAmI")));
            DataverseResponse viaPool = client.execute(DataverseRequest.get("WhoAmI"));

            assertThat(viaPool.appUser()).isEqualTo("b");
            assertThat(throttled.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(sameUser.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

            f.logged(7); // 3 + the 429 + its resend + the other request of a + the one of b
            List<DataverseRequestLog> ofA = f.requestsOf("a");
            List<DataverseRequestLog> refusals = ofA.stream().filter(r -> r.status() == 429).toList();
            assertThat(refusals).as("exactly one 429: nothing was sent early").hasSize(1);
            DataverseRequestLog refusal = refusals.get(0);
            Instant reopens = refusal.end().plusSeconds(2).minus(LOG_SKEW);
            List<DataverseRequestLog> after = ofA.stream().filter(r -> r.start().isAfter(refusal.start())).toList();
            assertThat(after).hasSize(2).allSatisfy(r -> {
                assertThat(r.start()).as("%s %s starts at least Retry-After after the 429", r.method(), r.path())
                        .isAfterOrEqualTo(reopens);
                assertThat(r.status()).isEqualTo(200);
            });
            assertThat(after).extracting(DataverseRequestLog::path)
                    .contains("/api/data/v9.2/contacts?$select=contactid"); // the same request, sent again
            assertThat(a.budget().throttledCount()).isEqualTo(1);
        }
    }

    @Test
    void requests_in_flight_never_exceed_the_per_user_cap() throws Exception {
        DataverseSimOptions options = DataverseSimOptions.defaults().dopHint(50).maxConcurrent(3)
                .simulateExecutionTime(true).executionMillisPerRecord(15);
        try (SimulatorFixture f = SimulatorFixture.start(options, List.of("a"),
                "dataverse.client.max-in-flight-per-user", "3", "dataverse.client.bulk-size", "2",
                "dataverse.client.writer-threads", "12")) {
            f.dv.startUp();
            List<RecordWrite> records = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ObjectNode c = DataverseJson.object();
                c.put("lastname", "Parallel" + i);
                records.add(RecordWrite.of("P" + i, UUID.nameUUIDFromBytes(("p" + i).getBytes()), c));
            }

            List<WriteOutcome> out = f.dv.bulkWriter().create(TableRef.CONTACT, records);

            assertThat(out).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o)).isTrue());
            f.logged(32); // WhoAmI, sdkmessagefilters, 30 CreateMultiple
            List<DataverseRequestLog> writes = f.requestsOf("a").stream()
                    .filter(r -> r.path().endsWith("CreateMultiple")).toList();
            assertThat(writes).hasSize(30).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(maxOverlap(f.requestsOf("a"))).isBetween(2, 3);
        }
    }

    /** The most requests whose [start, end] intervals overlap at one instant (an end before a start at a tie). */
    static int maxOverlap(List<DataverseRequestLog> log) {
        record Edge(Instant at, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (DataverseRequestLog r : log) {
            edges.add(new Edge(r.start(), 1));
            edges.add(new Edge(r.end(), -1));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
        int open = 0;
        int max = 0;
        for (Edge e : edges) {
            open += e.delta();
            max = Math.max(max, open);
        }
        return max;
    }
}
