package org.profid365.migrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;

class ExportStagerTest {

    @TempDir
    Path tmp;
    MigratorContext ctx;

    @BeforeEach
    void open() throws Exception {
        ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres", "migrator.work-dir", tmp.resolve("work").toString())));
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void clean_export_stages_every_record_with_its_source_time_and_no_dead_letters() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();

        StagingResult r = new ExportStager(ctx).stage(export);

        assertThat(r.rejected()).isZero();
        assertThat(r.byObject().get("client").added()).isEqualTo(2);
        assertThat(r.byObject().get("session_participant").read()).isEqualTo(1);
        assertThat(r.total(StagingResult.Counts::added)).isEqualTo(17);
        assertThat(rows("select object_type || ':' || profi_id from staged_with_state where load_state = 'pending' order by 1"))
                .containsExactly("client:CL-1", "client:CL-2", "coach:CO-1", "company:CP-1", "custom_field:client:goal",
                        "custom_field:client:score", "custom_field:session:mood", "enrollment:EN-1", "file:FI-1", "invoice:IN-1",
                        "note:NO-1", "package:PK-1", "payment:PA-1", "program:PR-1", "service:SV-1",
                        "session:SE-1", "session_participant:SE-1:CL-2");
        // an offset-less timestamp is in the manifest's zone: 09:00 in Berlin in March is 08:00 UTC
        assertThat(rows("select to_char(source_updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from staged_with_state where profi_id = 'CL-1'"))
                .containsExactly("2024-03-01 08:00");
        assertThat(rows("select payload->>'last_name' || '|' || source_file || '|' || source_line from staged_with_state where profi_id = 'CL-1'"))
                .containsExactly("O'Brien|clients.csv|2");
        // the quoted note body spans two lines and keeps its quotes
        assertThat(rows("select payload->>'body' from staged_with_state where profi_id = 'NO-1'"))
                .containsExactly("<p>Goals, \"quoted\"\r\nsecond line</p>");
        assertThat(rows("select count(*) from dead_letter")).containsExactly("0");
        assertThat(rows("select kind || ':' || status from run")).containsExactly("stage:succeeded");
    }

    @Test
    void staging_the_same_export_twice_changes_no_record() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export"))
                .file("payments.csv", "id,invoice_id,client_id,amount,currency,paid_at,method,status,provider_ref,updated_at",
                        "PA-1,IN-1,CL-1,1200.00,EUR,2024-01-09T09:00:00Z,card,succeeded,ch_1,2024-01-09T09:00:00Z",
                        "PA-2,IN-404,CL-1,5.00,EUR,2024-01-09T09:00:00Z,card,succeeded,ch_2,2024-01-09T09:00:00Z")
                .dir();
        String snapshot = "select object_type, profi_id, payload::text, encode(content_hash, 'hex'), load_state, changed_at, "
                + "export_id from staged_with_state order by 1, 2";
        String letters = "select stage, record_key, reason, attempts, replay_state, updated_at from dead_letter order by 1, 2";

        new ExportStager(ctx).stage(export);
        List<String> before = rows(snapshot);
        List<String> lettersBefore = rows(letters);
        StagingResult second = new ExportStager(ctx).stage(export);

        assertThat(rows(snapshot)).isEqualTo(before);
        assertThat(rows(letters)).isEqualTo(lettersBefore).hasSize(1);
        assertThat(second.total(StagingResult.Counts::added)).isZero();
        assertThat(second.total(StagingResult.Counts::changed)).isZero();
        assertThat(second.total(StagingResult.Counts::unchanged)).isEqualTo(18);
    }

    @Test
    void a_changed_record_gets_a_new_hash_and_waits_for_the_next_load() throws Exception {
        ExportFixture fixture = ExportFixture.clean(tmp.resolve("export"));
        new ExportStager(ctx).stage(fixture.dir());
        execute("update staged_load set load_state = 'loaded'");
        String hashBefore = rows("select encode(content_hash, 'hex') from staged_with_state where profi_id = 'CL-2'").get(0);

        fixture.file("clients.csv", "id,first_name,last_name,email,company_id,lifecycle_stage,created_at,updated_at",
                "CL-1,Maria,O'Brien,maria@example.com,CP-1,active,2024-01-03T09:00:00Z,2024-03-01T09:00:00",
                "CL-2,Иван,Петров-Smith,ivan@example.com,,onboarding,2024-01-04T09:00:00Z,2024-04-04T09:00:00Z");
        StagingResult r = new ExportStager(ctx).stage(fixture.dir());

        assertThat(r.byObject().get("client").changed()).isEqualTo(2); // CL-1 lost its empty-in-new-file columns too
        assertThat(rows("select profi_id || ':' || load_state from staged_with_state where object_type = 'client' order by 1"))
                .containsExactly("CL-1:pending", "CL-2:pending");
        assertThat(rows("select encode(content_hash, 'hex') from staged_with_state where profi_id = 'CL-2'").get(0)).isNotEqualTo(hashBefore);
        assertThat(rows("select load_state from staged_with_state where profi_id = 'SE-1'")).containsExactly("loaded");
    }

    static Stream<Arguments> badRows() {
        String clientHeader = "id,first_name,last_name,email,birthdate,company_id,lifecycle_stage,created_at,updated_at,cf_goal,cf_score";
        String okClient = "CL-1,Maria,O'Brien,maria@example.com,1985-04-12,CP-1,active,2024-01-03T09:00:00Z,2024-03-01T09:00:00,,"
                + "\r\nCL-2,Ivan,Petrov,,,,prospect,,,,";
        String sessionHeader = "id,client_id,service_id,package_id,start_at,end_at,duration_minutes,status,recording_url";
        String okSession = "SE-1,CL-1,SV-1,,2024-01-10T10:00:00Z,2024-01-10T11:00:00Z,60,completed,\r\n";
        return Stream.of(
                Arguments.of("clients.csv", clientHeader, okClient + "\r\n,No,Id,x@example.com,,,,,,,", "client", "clients.csv:4", "id",
                        "clients.csv line 4: id is empty, the record has no id"),
                Arguments.of("clients.csv", clientHeader, okClient + "\r\nCL-9,Old,Date,,1812-04-01,,,,,,", "client", "CL-9", "birthdate",
                        "client CL-9 (clients.csv line 4): birthdate 1812-04-01 is outside the accepted range 1900-01-01..2100-12-31"),
                Arguments.of("clients.csv", clientHeader, okClient + "\r\nCL-9,Bad,Date,,12/04/1985,,,,,,", "client", "CL-9", "birthdate",
                        "birthdate '12/04/1985' is not a date (YYYY-MM-DD)"),
                Arguments.of("clients.csv", clientHeader, okClient + "\r\nCL-9,Bad,Time,,,,,yesterday,,,", "client", "CL-9", "created_at",
                        "created_at 'yesterday' is not an ISO-8601 timestamp"),
                Arguments.of("clients.csv", clientHeader, okClient + "\r\nCL-9,Bad,Score,,,,,,,,seven", "client", "CL-9", "cf_score",
                        "cf_score (custom field of type decimal) 'seven' is not a decimal number"),
                Arguments.of("clients.csv", clientHeader, okClient + "\r\nCL-9,No,Company,,,CP-404,,,,,", "client", "CL-9", "company_id",
                        "client CL-9 (clients.csv line 4): company_id 'CP-404' points at no company in companies.csv"),
                Arguments.of("clients.csv", clientHeader, okClient + "\r\nCL-1,Second,Copy,,,,,,,,", "client", "CL-1@4", "id",
                        "duplicate id CL-1: an earlier row of clients.csv has the same id"),
                Arguments.of("sessions.csv", sessionHeader, okSession + "SE-9,CL-1,SV-1,,2024-01-10T10:00:00Z,2024-01-10T09:00:00Z,60,completed,",
                        "session", "SE-9", "end_at", "end_at 2024-01-10T09:00:00Z is before start_at 2024-01-10T10:00:00Z"),
                Arguments.of("sessions.csv", sessionHeader, okSession + "SE-9,CL-1,SV-1,,2024-01-10T10:00:00Z,,sixty,completed,",
                        "session", "SE-9", "duration_minutes", "duration_minutes 'sixty' is not a whole number"),
                Arguments.of("sessions.csv", sessionHeader, okSession + "SE-9,CL-1,SV-1,,,,60,completed,", "session", "SE-9", "start_at",
                        "start_at is empty but required"),
                Arguments.of("sessions.csv", sessionHeader, okSession + "SE-9,CL-1,SV-1,,2024-01-10T10:00:00Z,,60,completed,not a url",
                        "session", "SE-9", "recording_url", "recording_url 'not a url' is not a URL"),
                Arguments.of("sessions.csv", sessionHeader, okSession + "SE-9,CL-404,SV-1,,2024-01-10T10:00:00Z,,60,completed,",
                        "session", "SE-9", "client_id", "client_id 'CL-404' points at no client in clients.csv"),
                Arguments.of("companies.csv", "id,name,employee_count,annual_revenue,currency,website",
                        "CP-1,Acme GmbH,120,1500000.50,EUR,https://acme.example\r\nCP-9,,5,,,", "company", "CP-9", "name",
                        "name is empty but required"),
                Arguments.of("companies.csv", "id,name,employee_count,annual_revenue,currency,website",
                        "CP-1,Acme GmbH,120,1500000.50,EUR,https://acme.example\r\nCP-9,Cheap,5,\"1,000\",EURO,", "company", "CP-9",
                        "annual_revenue", "annual_revenue '1,000' is not a decimal number; currency 'EURO' is not an ISO-4217 currency code"),
                Arguments.of("coaches.csv", "id,email,active", "CO-1,anna@coach.example,true\r\nCO-9,bob@coach.example,yes",
                        "coach", "CO-9", "active", "active 'yes' is not true or false"),
                Arguments.of("enrollments.csv", "id,client_id,program_id,progress_percent", "EN-9,CL-1,PR-1,140",
                        "enrollment", "EN-9", "progress_percent", "progress_percent 140 is outside 0..100"),
                Arguments.of("files.csv", "id,client_id,note_id,filename,mime_type,size_bytes,path,url", "FI-9,CL-1,,a.pdf,application/pdf,3,,",
                        "file", "FI-9", "path", "the file has neither a path nor a url"));
    }

    @ParameterizedTest(name = "{0}: {5}")
    @MethodSource("badRows")
    void a_bad_record_is_dead_lettered_with_its_field_and_reason_and_the_rest_is_staged(String file, String header, String body,
            String objectType, String recordKey, String field, String reasonPart) throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).file(file, header, body).dir();

        StagingResult r = new ExportStager(ctx).stage(export);

        assertThat(rows("select object_type || '|' || record_key || '|' || field || '|' || source_file from dead_letter"))
                .containsExactly(objectType + "|" + recordKey + "|" + field + "|" + file);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(rows("select reason from dead_letter").get(0)).contains(reasonPart);
        assertThat(rows("select payload is not null from dead_letter")).containsExactly("t");
        // everything else of the export is staged and waits for the load
        assertThat(rows("select count(*) from staged_with_state where load_state = 'pending'").get(0))
                .isEqualTo(String.valueOf(r.total(StagingResult.Counts::read) - 1));
    }

    @Test
    void a_duplicate_copy_does_not_set_the_exports_newest_source_time() throws Exception {
        // the copy of CL-1 is the newest row of the file, but it is not staged: the delta's next updated_since must
        // come from what was staged (CL-2, 2024-04-04), or a change between the two times would never be asked for
        Path export = ExportFixture.clean(tmp.resolve("export"))
                .file("clients.csv", "id,first_name,last_name,email,company_id,lifecycle_stage,created_at,updated_at",
                        "CL-1,Maria,O'Brien,maria@example.com,CP-1,active,2024-01-03T09:00:00Z,2024-03-01T09:00:00Z",
                        "CL-2,Ivan,Petrov,ivan@example.com,,prospect,2024-01-04T09:00:00Z,2024-04-04T09:00:00Z",
                        "CL-1,Second,Copy,,,,2024-01-03T09:00:00Z,2024-09-09T09:00:00Z")
                .dir();

        new ExportStager(ctx).stage(export);

        assertThat(rows("select payload->>'first_name' from staged_with_state where profi_id = 'CL-1'")).containsExactly("Maria");
        assertThat(rows("select record_key from dead_letter")).containsExactly("CL-1@4");
        assertThat(rows("select to_char(max(newest_source_update) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from source_export"))
                .containsExactly("2024-04-04 09:00");
    }

    @Test
    void a_zip_export_stages_the_same_records_as_its_directory() throws Exception {
        Path dir = ExportFixture.clean(tmp.resolve("export")).dir();
        Path zip = tmp.resolve("export.zip");
        ZipFixture.zipDirectory(dir, zip, "profi-export/");

        new ExportStager(ctx).stage(zip);
        List<String> fromZip = rows("select object_type, profi_id, encode(content_hash, 'hex') from staged_with_state order by 1, 2");
        StagingResult again = new ExportStager(ctx).stage(dir);

        assertThat(again.total(StagingResult.Counts::unchanged)).isEqualTo(17);
        assertThat(rows("select object_type, profi_id, encode(content_hash, 'hex') from staged_with_state order by 1, 2")).isEqualTo(fromZip);
    }

    private List<String> rows(String sql) throws Exception {
        return org.profid365.migrator.SqlRows.rows(ctx.store().dataSource(), sql);
    }

    private void execute(String sql) throws Exception {
        try (Connection c = ctx.store().connection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
