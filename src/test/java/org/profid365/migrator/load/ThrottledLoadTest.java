package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

/**
 * The full load while the simulated org throttles hard (per 1-second window at most 5 requests and 150 ms of
 * execution time, that is 75 records at 2 ms each, so a slow machine is throttled too; and a 503 "server busy" for
 * one request in ten): the org and the state store end exactly as after the clean run
 * ({@link ReferenceRun}), and no request went out before the {@code Retry-After} of a refusal had passed. The client
 * may have one request in flight here, so every request that reaches the simulator after a refusal was sent after
 * the client had that refusal, and the check is exact; the four load workers still compete for that one permit.
 */
class ThrottledLoadTest {

    /** The simulator logs a refusal's end just before the answer leaves; the client has it a moment later. */
    private static final Duration LOG_SKEW = Duration.ofMillis(10);

    @TempDir
    Path tmp;

    @Test
    void under_a_429_storm_and_503s_the_load_ends_as_a_clean_run_and_sends_nothing_before_retry_after() throws Exception {
        ReferenceRun clean = ReferenceRun.get();
        PlantedExport export = PlantedExport.get();
        export.mappingInto(tmp);
        try (LoadFixture f = LoadFixture.start(tmp, export.dir, ReferenceRun.options(), settings())) {
            int before = f.sim.requests().size();
            f.sim.options().windowMillis(1_000).maxRequests(5).maxExecutionMillis(150)
                    .serverErrorShare(0.1).serverErrorRetryAfterSeconds(1);

            LoadJob.Outcome run = f.load();

            List<DataverseRequestLog> log = f.sim.requests().subList(before, f.sim.requests().size());
            assertThat(log).filteredOn(r -> r.status() == 429).as("429 answers").hasSizeGreaterThanOrEqualTo(3);
            assertThat(log).filteredOn(r -> r.status() == 503).as("503 answers").isNotEmpty();
            assertThat(sentEarly(log)).as("requests sent before a Retry-After had passed").isEmpty();
            assertThat(run.status()).isEqualTo("succeeded");
            OrgState org = OrgState.of(f.sim);
            LoadOutcome outcome = LoadOutcome.of(f.ctx);
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(run.landed()).isEqualTo(clean.run().landed());
                soft.assertThat(run.rejected()).isEqualTo(clean.run().rejected());
                soft.assertThat(org.differences(clean.org(), 20)).as("differences from the clean run's org").isEmpty();
                soft.assertThat(outcome.writtenTwice()).as("targets created or closed more than once").isEmpty();
                soft.assertThat(outcome.deadLetters()).as("open dead letters").isEqualTo(clean.outcome().deadLetters());
                soft.assertThat(outcome.loadStates()).as("load states").isEqualTo(clean.outcome().loadStates());
                soft.assertThat(outcome.idMap()).as("id map").isEqualTo(clean.outcome().idMap());
                soft.assertThat(outcome.audits()).as("audited writes").isEqualTo(clean.outcome().audits());
            });
        }
    }

    private static String[] settings() {
        List<String> s = new ArrayList<>(List.of(ReferenceRun.SETTINGS));
        s.addAll(List.of("dataverse.client.max-in-flight-per-user", "1"));
        return s.toArray(String[]::new);
    }

    /** Requests of a user that reached the simulator after a 429 or 503 to that user and before its Retry-After ended. */
    static List<String> sentEarly(List<DataverseRequestLog> log) {
        List<String> out = new ArrayList<>();
        for (DataverseRequestLog refusal : log) {
            if (refusal.retryAfter() == null || refusal.appUser() == null) {
                continue;
            }
            Instant reopens = refusal.end().plusSeconds(Long.parseLong(refusal.retryAfter())).minus(LOG_SKEW);
            for (DataverseRequestLog r : log) {
                if (refusal.appUser().equals(r.appUser()) && r.start().isAfter(refusal.end()) && r.start().isBefore(reopens)) {
                    out.add(r.method() + " " + r.path() + " at " + r.start() + ", " + refusal.status() + " at "
                            + refusal.end() + " said Retry-After " + refusal.retryAfter());
                }
            }
        }
        return out;
    }
}
