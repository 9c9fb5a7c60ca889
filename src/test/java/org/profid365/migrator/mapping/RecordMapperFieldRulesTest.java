package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RecordMapperTest.ANNA;
import static org.profid365.migrator.mapping.RecordMapperTest.DEFAULT;
import static org.profid365.migrator.mapping.RecordMapperTest.IDS;
import static org.profid365.migrator.mapping.RecordMapperTest.assertPayload;
import static org.profid365.migrator.mapping.RecordMapperTest.mapped;
import static org.profid365.migrator.mapping.RecordMapperTest.record;
import static org.profid365.migrator.mapping.RecordMapperTest.rejected;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/** Field options the default mapping does not exercise on a rule-free object: cf_* fields, multi-select, defaults, reject. */
class RecordMapperFieldRulesTest {

    private static final String YAML = """
            version: 1
            publisherPrefix: profi
            objects:
              client:
                targets:
                  contact:
                    fields:
                      id: {column: profi_profiid}
                      first_name: {column: firstname, transform: [trim, title]}
                      source:
                        column: profi_source
                        transform: [trim]
                        also: [profi_firstsource]
                        defaultValue: Unknown
                      cf_topics:
                        column: profi_topics
                        transform: [lower, list]
                        values: {career: 727000000, health: 727000001, money: null}
                        unknown: empty
                      cf_level:
                        column: profi_level
                        transform: [trim, lower]
                        values: {junior: 727000000, senior: 727000001}
                        unknown: reject
                      cf_goal: {column: profi_goal, transform: [trim], maxLength: 10, tooLong: truncate}
                      cf_intro: {column: description, transform: [html-to-text]}
                      cf_site: {column: websiteurl, transform: [url]}
                      cf_sessions: {column: profi_sessions, transform: [integer], defaultValue: 0}
                    columns:
                      profi_firstsource: {type: String, label: First source, maxLength: 100}
            """;

    private static RecordMapper custom() {
        try {
            MappingFile m = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(YAML, MappingFile.class);
            return RecordMapperTest.mapper(m);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void custom_fields_map_like_any_other_with_multi_select_also_and_defaults() {
        ProfiRecord r = record(ProfiObject.CLIENT, "id", "CL-7", "first_name", " JOHN-PAUL ", "cf_topics", "Career; Money ;Health; Golf",
                "cf_level", " Senior", "cf_goal", "Run a marathon", "cf_intro", "<p>Hi &amp; welcome</p><p>Line 2</p>",
                "cf_site", "john.example");

        MappedRecord m = mapped(custom().map(r, "contact"));

        assertPayload(m, """
                {"contactid": "%s",
                 "profi_profiid": "CL-7",
                 "firstname": "John-Paul",
                 "profi_source": "Unknown",
                 "profi_firstsource": "Unknown",
                 "profi_topics": "727000000,727000001",
                 "profi_level": 727000001,
                 "profi_goal": "Run a mara",
                 "description": "Hi & welcome\\nLine 2",
                 "websiteurl": "https://john.example",
                 "profi_sessions": 0}
                """.formatted(IDS.of("client", "CL-7")));
        assertThat(m.flags()).containsExactly(
                "source empty: default 'Unknown' written to profi_source",
                "value 'money' of cf_topics maps to no option: left empty",
                "value 'golf' of cf_topics has no target: left empty",
                "truncated profi_goal to 10 characters (cf_goal had 14)",
                "cf_sessions empty: default '0' written to profi_sessions");
    }

    @Test
    void also_columns_get_the_transformed_value() {
        ProfiRecord r = record(ProfiObject.CLIENT, "id", "CL-8", "source", "  Fair ");

        MappedRecord m = mapped(custom().map(r, "contact"));

        assertPayload(m, """
                {"contactid": "%s", "profi_profiid": "CL-8", "profi_source": "Fair", "profi_firstsource": "Fair",
                 "profi_sessions": 0}
                """.formatted(IDS.of("client", "CL-8")));
    }

    @Test
    void an_unknown_choice_with_reject_is_a_rejection() {
        ProfiRecord r = record(ProfiObject.CLIENT, "id", "CL-9", "cf_level", "Expert");

        RecordRejection rej = rejected(custom().map(r, "contact"));

        assertThat(rej).isEqualTo(new RecordRejection("client:CL-9", "cf_level",
                "client CL-9 (clients.csv line 2): field cf_level value 'expert' has no option in the value map of profi_level"
                        + " (unknown: reject)"));
    }

    @Test
    void a_session_task_gets_activityid_regarding_bind_owner_and_the_default_subject() {
        ProfiRecord r = record(ProfiObject.SESSION, "id", "SE-1", "client_id", "CL-1", "coach_email", "anna@coach.example",
                "session_type", "group", "medium", "Video", "start_at", "2024-03-10T10:00:00", "end_at", "2024-03-10T11:00:00",
                "duration_minutes", "60", "status", "completed", "recording_url", "rec.example/1", "package.name", "Ten pack");

        MappedRecord m = mapped(DEFAULT.map(r, "task"));

        assertPayload(m, """
                {"activityid": "%s",
                 "profi_profiid": "SE-1",
                 "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)",
                 "subject": "Coaching session",
                 "profi_sessiontype": 727000001,
                 "profi_medium": 727000000,
                 "scheduledstart": "2024-03-10T09:00:00Z",
                 "profi_sessiondate": "2024-03-10T09:00:00Z",
                 "scheduledend": "2024-03-10T10:00:00Z",
                 "profi_durationminutes": 60,
                 "profi_sessionstatus": 727000002,
                 "profi_recordingurl": "https://rec.example/1"}
                """.formatted(IDS.of("session", "SE-1"), IDS.of("client", "CL-1"), ANNA));
        assertThat(m.flags()).containsExactly("title empty: default 'Coaching session' written to subject");
    }

    @Test
    void a_long_task_title_is_truncated_to_200_and_flagged() {
        ProfiRecord r = record(ProfiObject.SESSION, "id", "SE-2", "coach_email", "anna@coach.example", "title", "T".repeat(250));

        MappedRecord m = mapped(DEFAULT.map(r, "task"));

        assertThat(m.payload().get("subject").textValue()).hasSize(200);
        assertThat(m.flags()).containsExactly("truncated subject to 200 characters (title had 250)");
    }
}
