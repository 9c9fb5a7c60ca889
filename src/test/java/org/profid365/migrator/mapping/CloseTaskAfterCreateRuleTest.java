package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class CloseTaskAfterCreateRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void session_status_decides_the_state_after_create() {
        assertThat(CloseTaskAfterCreateRule.closedState("completed")).containsExactly(1, 5);
        assertThat(CloseTaskAfterCreateRule.closedState(" Completed ")).containsExactly(1, 5);
        assertThat(CloseTaskAfterCreateRule.closedState("cancelled")).containsExactly(2, 6);
        assertThat(CloseTaskAfterCreateRule.closedState("late_cancelled")).containsExactly(2, 6);
        assertThat(CloseTaskAfterCreateRule.closedState("no_show")).containsExactly(2, 6);
        assertThat(CloseTaskAfterCreateRule.closedState("scheduled")).isNull();
        assertThat(CloseTaskAfterCreateRule.closedState("requested")).isNull();
        assertThat(CloseTaskAfterCreateRule.closedState(null)).isNull();
    }

    @Test
    void a_cancelled_session_is_created_open_then_canceled() {
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-1", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "start_at", "2024-03-05T10:00:00Z", "status", "late_cancelled"), "task");
        assertThat(r.writes()).hasSize(2);
        assertThat(r.writes().get(0)).isInstanceOf(RuleEngine.Create.class);
        assertThat(r.creates().get(0).payload().has("statecode")).isFalse();
        assertThat(r.writes().get(1))
                .isEqualTo(new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-1"), 2, 6));
    }

    @Test
    void an_open_session_has_no_state_change() {
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-2", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "start_at", "2024-03-05T10:00:00Z", "status", "requested"), "task");
        assertThat(r.writes()).hasSize(1);
        assertThat(r.stateChanges()).isEmpty();
    }
}
