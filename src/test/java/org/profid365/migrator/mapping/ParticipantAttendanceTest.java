package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.mapping.ParticipantAttendance.Outcome;

class ParticipantAttendanceTest {

    private static Outcome of(String session, String attendance) {
        return ParticipantAttendance.of(session, "CL-2", attendance, null);
    }

    @Test
    void an_attended_completed_session_is_the_sessions_status_without_a_flag() {
        assertThat(of("completed", "attended")).isEqualTo(new Outcome("completed", null));
        assertThat(of(" Completed ", " ATTENDED ")).isEqualTo(new Outcome("completed", null));
    }

    @Test
    void an_absent_participant_of_a_completed_session_is_a_no_show() {
        assertThat(of("completed", "absent")).isEqualTo(new Outcome("no_show",
                "participant CL-2 absent: task status no_show instead of the session's completed (options.participantAttendance)"));
    }

    @Test
    void a_participant_who_cancelled_is_cancelled() {
        assertThat(of("completed", "cancelled")).isEqualTo(new Outcome("cancelled",
                "participant CL-2 cancelled: task status cancelled instead of the session's completed"
                        + " (options.participantAttendance)"));
    }

    @Test
    void a_participant_who_attended_while_the_sessions_own_client_did_not_show_is_completed() {
        assertThat(of("no_show", "attended")).isEqualTo(new Outcome("completed",
                "participant CL-2 attended: task status completed instead of the session's no_show"
                        + " (options.participantAttendance)"));
    }

    @Test
    void a_cancelled_session_stays_cancelled_for_everybody() {
        assertThat(of("late_cancelled", "attended")).isEqualTo(new Outcome("late_cancelled", null));
        assertThat(of("cancelled", "absent")).isEqualTo(new Outcome("cancelled", null));
    }

    @Test
    void no_attendance_keeps_the_sessions_status() {
        assertThat(of("scheduled", null)).isEqualTo(new Outcome("scheduled", null));
        assertThat(of("completed", " ")).isEqualTo(new Outcome("completed", null));
    }

    @Test
    void an_attendance_the_option_does_not_name_keeps_the_sessions_status_flagged() {
        assertThat(of("completed", "excused")).isEqualTo(new Outcome("completed",
                "participant CL-2 attendance 'excused' is not in options.participantAttendance: the session's status"
                        + " completed applies"));
    }

    @Test
    void the_option_decides_and_session_keeps_the_sessions_status() {
        Map<String, String> option = Map.of("attended", "session", "absent", "session", "excused", "cancelled");
        assertThat(ParticipantAttendance.of("no_show", "CL-2", "attended", option)).isEqualTo(new Outcome("no_show", null));
        assertThat(ParticipantAttendance.of("completed", "CL-2", "absent", option)).isEqualTo(new Outcome("completed", null));
        assertThat(ParticipantAttendance.of("completed", "CL-2", "excused", option).status()).isEqualTo("cancelled");
    }
}
