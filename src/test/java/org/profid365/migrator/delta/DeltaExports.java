package org.profid365.migrator.delta;

import java.io.IOException;
import java.nio.file.Path;
import org.profid365.migrator.ExportFixture;

/**
 * Two exports of one small workspace, a month apart. The second changes Maria's email (CL-1) and the title of the
 * completed group session SE-1 (whose two tasks are closed), adds the prospect Jonas (CL-4), and lacks the prospect
 * Lena (CL-3) and the note NO-2: they were deleted in Profi.
 */
final class DeltaExports {

    static final String CLIENTS = "id,first_name,last_name,email,phone,mobile,birthdate,gender,street,city,state,postal_code,"
            + "country,company_id,lifecycle_stage,owner_email,co_coach_emails,source,tags,created_at,updated_at,cf_goal,cf_score";
    static final String MARIA = "CL-1,Maria,O'Brien,%s,,+49 171 1,1985-04-12,female,,Berlin,,,DE,CP-1,active,"
            + "anna@coach.example,,referral,vip;team,2024-01-03T09:00:00Z,%s,Lead better,7.5";
    static final String IVAN = "CL-2,Иван,Петров,ivan@example.com,,,,male,,,,,,,prospect,anna@coach.example,,website,,"
            + "2024-01-04T09:00:00Z,2024-01-04T09:00:00Z,,";
    static final String LENA = "CL-3,Lena,Vogel,lena@example.com,,,,female,,Hamburg,,,DE,,prospect,anna@coach.example,,website,,"
            + "2024-01-05T09:00:00Z,2024-01-05T09:00:00Z,,";
    static final String JONAS = "CL-4,Jonas,Keller,jonas@example.com,,,,male,,Köln,,,DE,,prospect,anna@coach.example,,website,,"
            + "2024-04-02T09:00:00Z,2024-04-02T09:00:00Z,,";
    static final String SESSIONS = "id,client_id,coach_email,service_id,package_id,title,session_type,medium,start_at,end_at,"
            + "duration_minutes,status,recording_url,created_at,updated_at,cf_mood";
    static final String SESSION = "SE-1,CL-1,anna@coach.example,SV-1,,%s,individual,video,2024-01-10T10:00:00Z,"
            + "2024-01-10T11:00:00Z,60,completed,https://video.example/r/1,2024-01-06T09:00:00Z,%s,good";
    static final String NOTES = "id,client_id,session_id,author_email,title,body,is_private,created_at,updated_at";
    static final String NOTE_1 = "NO-1,CL-1,SE-1,anna@coach.example,After kick-off,\"<p>Goals, \"\"quoted\"\"\r\nsecond line</p>\","
            + "false,2024-01-10T12:00:00Z,2024-01-10T12:00:00Z";
    static final String NOTE_2 = "NO-2,CL-1,,anna@coach.example,Phone call,Called about the invoice,false,"
            + "2024-01-20T12:00:00Z,2024-01-20T12:00:00Z";

    static final String OLD_EMAIL = "maria@example.com";
    static final String NEW_EMAIL = "maria.obrien@example.com";

    private DeltaExports() {
    }

    /** The export of March: every record of the clean fixture, plus Lena and a second note. */
    static Path first(Path dir) throws IOException {
        return ExportFixture.clean(dir)
                .file("clients.csv", CLIENTS, MARIA.formatted(OLD_EMAIL, "2024-03-01T09:00:00"), IVAN, LENA)
                .file("sessions.csv", SESSIONS, SESSION.formatted("Kick-off", "2024-01-10T11:00:00Z"))
                .file("notes.csv", NOTES, NOTE_1, NOTE_2)
                .dir();
    }

    /** The export of April: Maria's email and the session's title changed, Jonas added, Lena and NO-2 gone. */
    static Path second(Path dir) throws IOException {
        return ExportFixture.clean(dir)
                .file("clients.csv", CLIENTS, MARIA.formatted(NEW_EMAIL, "2024-04-01T09:00:00Z"), IVAN, JONAS)
                .file("sessions.csv", SESSIONS, SESSION.formatted("Kick-off call", "2024-04-01T10:00:00Z"))
                .file("notes.csv", NOTES, NOTE_1)
                .dir();
    }
}
