package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class OneTaskPerParticipantRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void a_scheduled_session_of_a_lead_regards_the_lead_keeps_its_title_and_has_no_actuals() {
        fx.leads.add("CL-2");
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-1", "client_id", "CL-2",
                "coach_email", "anna@coach.example", "title", " Discovery call ", "start_at", "2024-03-05T10:00:00Z",
                "status", "scheduled"), "task");
        assertThat(r.creates()).hasSize(1);
        assertPayload(r.creates().get(0), """
                {"activityid": "%s", "profi_profiid": "SE-1", "regardingobjectid_lead_task@odata.bind": "/leads(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Discovery call",
                 "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z",
                 "profi_sessionstatus": 727000001}
                """.formatted(id("session", "SE-1"), id("client", "CL-2"), RuleEngineTest.Fixture.ANNA));
        assertThat(r.stateChanges()).isEmpty();
    }

    @Test
    void without_title_and_service_the_default_subject_stays() {
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-2", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "service_id", "SV-404", "start_at", "2024-03-05T10:00:00Z"), "task");
        assertPayload(r.creates().get(0), """
                {"activityid": "%s", "profi_profiid": "SE-2", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Coaching session",
                 "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z"}
                """.formatted(id("session", "SE-2"), id("client", "CL-1"), RuleEngineTest.Fixture.ANNA));
        assertThat(r.creates().get(0).flags()).containsExactly("title empty: default 'Coaching session' written to subject");
    }

    @Test
    void a_completed_session_without_duration_gets_the_minutes_between_start_and_end() {
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-3", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "title", "Check-in", "start_at", "2024-03-05T10:00:00Z",
                "end_at", "2024-03-05T10:45:00Z", "status", "completed"), "task");
        assertPayload(r.creates().get(0), """
                {"activityid": "%s", "profi_profiid": "SE-3", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Check-in",
                 "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z",
                 "scheduledend": "2024-03-05T10:45:00Z", "profi_sessionstatus": 727000002,
                 "actualstart": "2024-03-05T10:00:00Z", "actualend": "2024-03-05T10:45:00Z", "actualdurationminutes": 45}
                """.formatted(id("session", "SE-3"), id("client", "CL-1"), RuleEngineTest.Fixture.ANNA));
    }

    @Test
    void a_participant_who_is_the_session_client_or_listed_twice_gets_no_extra_task() {
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-4", "client_id", "CL-1"));
        fx.participants.get("SE-4").add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-4", "client_id", "CL-2"));
        fx.participants.get("SE-4").add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-4", "client_id", "CL-2"));
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-4", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "title", "Circle", "start_at", "2024-03-05T10:00:00Z",
                "status", "no_show"), "task");
        assertThat(r.creates()).extracting(MappedRecord::id).containsExactly(
                RuleEngineTest.Fixture.IDS.of("session", "SE-4"), RuleEngineTest.Fixture.IDS.of("session", "SE-4", "CL-2"));
        assertPayload(r.creates().get(1), """
                {"activityid": "%s", "profi_profiid": "SE-4:CL-2", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Circle",
                 "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z",
                 "profi_sessionstatus": 727000005}
                """.formatted(id("session", "SE-4", "CL-2"), id("client", "CL-2"), RuleEngineTest.Fixture.ANNA));
        assertThat(r.creates().get(1).flags()).isEmpty();
        assertThat(r.stateChanges()).extracting(RuleEngine.StateChange::statecode).containsExactly(2, 2);
    }
}
