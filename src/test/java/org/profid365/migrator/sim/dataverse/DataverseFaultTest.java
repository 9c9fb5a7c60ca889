package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseFaultTest {

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
    void server_error_share_answers_503_with_retry_after_and_can_be_switched_off_mid_run() {
        simulator.options().serverErrorShare(1.0).serverErrorRetryAfterSeconds(3);

        SimClient.Reply busy = client.get("WhoAmI");
        simulator.options().serverErrorShare(0.0);

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("3");
        assertThat(busy.code()).isNotEmpty();
        assertThat(client.get("WhoAmI").status()).isEqualTo(200);
    }

    @Test
    void dropped_connection_gets_no_answer_and_is_logged_with_status_0() {
        simulator.options().dropConnectionShare(1.0);

        assertThatThrownBy(() -> client.get("WhoAmI")).isInstanceOf(UncheckedIOException.class);
        assertThat(simulator.requests()).last().extracting(DataverseRequestLog::status).isEqualTo(0);
    }

    @Test
    void latency_and_slow_share_delay_the_answer() {
        simulator.options().latencyMillis(150);
        client.get("WhoAmI");
        simulator.options().latencyMillis(0).slowShare(1.0).slowMillis(250);
        client.get("WhoAmI");

        List<DataverseRequestLog> log = simulator.requests();
        assertThat(Duration.between(log.get(0).start(), log.get(0).end()).toMillis()).isGreaterThanOrEqualTo(150);
        assertThat(Duration.between(log.get(1).start(), log.get(1).end()).toMillis()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void faults_follow_the_seed() throws Exception {
        List<Integer> first = statuses(42);
        List<Integer> second = statuses(42);

        assertThat(first).isEqualTo(second).contains(200, 503);
    }

    private static List<Integer> statuses(long seed) throws Exception {
        try (DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults().seed(seed).serverErrorShare(0.5))) {
            SimClient c = new SimClient(sim, "migration");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(c.get("WhoAmI").status());
            }
            return statuses;
        }
    }
}
