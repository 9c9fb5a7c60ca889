package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
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

    @Test
    void each_participant_task_of_a_completed_session_reflects_that_participants_attendance() {
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-5", "client_id", "CL-2", "attendance", "attended"));
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-5", "client_id", "CL-3", "attendance", "absent"));
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-5", "client_id", "CL-4", "attendance", "cancelled"));
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-5", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "title", "Circle", "start_at", "2024-03-05T10:00:00Z",
                "end_at", "2024-03-05T11:00:00Z", "status", "completed"), "task");

        String common = """
                "ownerid@odata.bind": "/systemusers(%s)", "subject": "Circle",
                "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z",
                "scheduledend": "2024-03-05T11:00:00Z",
                """.formatted(RuleEngineTest.Fixture.ANNA);
        String actuals = """
                "actualstart": "2024-03-05T10:00:00Z", "actualend": "2024-03-05T11:00:00Z", "actualdurationminutes": 60
                """;
        assertPayload(r.creates().get(1), """
                {"activityid": "%s", "profi_profiid": "SE-5:CL-2", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 %s "profi_sessionstatus": 727000002, %s}
                """.formatted(id("session", "SE-5", "CL-2"), id("client", "CL-2"), common, actuals));
        assertPayload(r.creates().get(2), """
                {"activityid": "%s", "profi_profiid": "SE-5:CL-3", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 %s "profi_sessionstatus": 727000005}
                """.formatted(id("session", "SE-5", "CL-3"), id("client", "CL-3"), common));
        assertPayload(r.creates().get(3), """
                {"activityid": "%s", "profi_profiid": "SE-5:CL-4", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 %s "profi_sessionstatus": 727000003}
                """.formatted(id("session", "SE-5", "CL-4"), id("client", "CL-4"), common));
        assertThat(r.creates().get(1).flags()).isEmpty();
        assertThat(r.creates().get(2).flags()).containsExactly("participant CL-3 absent: task status no_show instead of"
                + " the session's completed (options.participantAttendance)");
        assertThat(r.creates().get(3).flags()).containsExactly("participant CL-4 cancelled: task status cancelled"
                + " instead of the session's completed (options.participantAttendance)");

        assertThat(r.stateChanges()).containsExactly(
                new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-5"), 1, 5),
                new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-5", "CL-2"), 1, 5),
                new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-5", "CL-3"), 2, 6),
                new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-5", "CL-4"), 2, 6));
    }

    @Test
    void a_participant_who_attended_a_session_its_own_client_missed_gets_a_completed_task_with_actuals() {
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-6", "client_id", "CL-2", "attendance", "attended"));
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-6", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "title", "Circle", "start_at", "2024-03-05T10:00:00Z",
                "end_at", "2024-03-05T10:30:00Z", "status", "no_show"), "task");

        assertThat(r.creates().get(0).payload().has("actualstart")).isFalse();
        assertPayload(r.creates().get(1), """
                {"activityid": "%s", "profi_profiid": "SE-6:CL-2", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Circle",
                 "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z",
                 "scheduledend": "2024-03-05T10:30:00Z", "profi_sessionstatus": 727000002,
                 "actualstart": "2024-03-05T10:00:00Z", "actualend": "2024-03-05T10:30:00Z", "actualdurationminutes": 30}
                """.formatted(id("session", "SE-6", "CL-2"), id("client", "CL-2"), RuleEngineTest.Fixture.ANNA));
        assertThat(r.stateChanges()).containsExactly(
                new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-6"), 2, 6),
                new RuleEngine.StateChange("task", RuleEngineTest.Fixture.IDS.of("session", "SE-6", "CL-2"), 1, 5));
    }

    @Test
    void with_participant_attendance_session_every_task_follows_the_session() {
        MappingFile d = fx.mapping;
        fx.mapping = new MappingFile(d.version(), d.publisherPrefix(), new MappingFile.MappingOptions(1, "export", "keep",
                4194304L, Map.of("attended", "session", "absent", "session", "cancelled", "session")), d.objects(),
                d.skipObjects());
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-7", "client_id", "CL-3", "attendance", "absent"));
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-7", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "title", "Circle", "start_at", "2024-03-05T10:00:00Z",
                "end_at", "2024-03-05T10:30:00Z", "status", "completed"), "task");

        JsonNode own = r.creates().get(0).payload();
        ObjectNode participant = r.creates().get(1).payload().deepCopy();
        participant.put("activityid", own.get("activityid").textValue());
        participant.put("profi_profiid", "SE-7");
        participant.set("regardingobjectid_contact_task@odata.bind", own.get("regardingobjectid_contact_task@odata.bind"));
        participant.remove("regardingobjectid_lead_task@odata.bind");
        assertThat(participant).isEqualTo(own);
        assertThat(r.creates().get(1).flags()).isEmpty();
        assertThat(r.stateChanges()).extracting(RuleEngine.StateChange::statuscode).containsExactly(5, 5);
    }

    @Test
    void a_session_to_come_keeps_every_task_open() {
        fx.add(record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-8", "client_id", "CL-2"));
        RuleEngine.Result r = fx.run(record(ProfiObject.SESSION, "id", "SE-8", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "title", "Circle", "start_at", "2030-03-05T10:00:00Z",
                "status", "scheduled"), "task");
        assertThat(r.creates()).hasSize(2);
        assertThat(r.creates().get(1).payload().get("profi_sessionstatus").intValue()).isEqualTo(727000001);
        assertThat(r.stateChanges()).isEmpty();
    }
}
