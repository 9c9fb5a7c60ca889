package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

class DataverseStartUpSimulatorTest {

    @Test
    void who_am_i_runs_once_per_app_user_and_concurrency_starts_at_the_dop_hint() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults().dopHint(6), List.of("a", "b"))) {
            List<WhoAmI> answers = f.dv.startUp();

            assertThat(answers).hasSize(2).allSatisfy(w -> {
                assertThat(w.dopHint()).isEqualTo(6);
                assertThat(w.userId()).isNotNull();
                assertThat(w.businessUnitId()).isNotNull();
                assertThat(w.organizationId()).isNotNull();
            });
            assertThat(answers.get(0).userId()).isNotEqualTo(answers.get(1).userId());
            assertThat(f.user("a").budget().limit()).isEqualTo(6);
            assertThat(f.user("b").whoAmI()).isEqualTo(answers.get(1));
            assertThat(f.logged(2)).extracting(DataverseRequestLog::path, DataverseRequestLog::appUser)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("/api/data/v9.2/WhoAmI", "a"),
                            org.assertj.core.groups.Tuple.tuple("/api/data/v9.2/WhoAmI", "b"));
        }
    }

    @Test
    void the_dop_hint_never_lifts_concurrency_above_the_configured_cap() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults().dopHint(200), List.of("a"),
                "dataverse.client.max-in-flight-per-user", "10")) {
            f.dv.startUp();

            assertThat(f.user("a").budget().limit()).isEqualTo(10);
        }
    }

    @Test
    void an_expired_token_is_renewed_once_and_the_request_sent_again() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            SimulatorFixture.SimTokenSource tokens = f.tokens.get(0);
            String old = tokens.current();
            f.sim.expireToken(old);

            List<WhoAmI> answers = f.dv.startUp();

            assertThat(answers).hasSize(1);
            assertThat(tokens.renewals).hasValue(1);
            assertThat(tokens.current()).isNotEqualTo(old);
            assertThat(f.logged(2)).extracting(DataverseRequestLog::status).containsExactly(401, 200);
        }
    }

    @Test
    void a_second_401_after_renewal_is_reported_not_retried() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            // A source that cannot renew: the token stays the expired one.
            String token = f.sim.issueToken("fixed");
            f.sim.expireToken(token);
            AppUser fixed = new AppUser("fixed", new FixedTokenSource(token), new ThrottlingBudget(2, 52, 20,
                    java.time.Clock.systemUTC()));

            assertThatThrownBy(() -> f.dv.client().execute(fixed, DataverseRequest.get("WhoAmI")).requireSuccess())
                    .isInstanceOfSatisfying(DataverseException.class, e -> {
                        assertThat(e.error().status()).isEqualTo(401);
                        assertThat(e.error().retryable()).isFalse();
                    });
            assertThat(f.logged(2)).extracting(DataverseRequestLog::status).containsExactly(401, 401);
        }
    }
}
