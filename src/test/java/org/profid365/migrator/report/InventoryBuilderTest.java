package org.profid365.migrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.report.Inventory.CustomFieldProfile;
import org.profid365.migrator.report.Inventory.Trap;
import org.profid365.migrator.report.Inventory.TrapKind;

class InventoryBuilderTest {

    private static final String SCRIPT = "<script>alert('x')</script>";

    @TempDir
    Path tmp;
    MigratorConfig config;
    MigratorContext ctx;

    @BeforeEach
    void open() throws Exception {
        config = MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(), "migrator.db.user", "postgres",
                "migrator.work-dir", tmp.resolve("work").toString()));
        ctx = MigratorContext.open(config);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    /**
     * The clean export plus one of each trap. Clients: CL-1 O'Brien (sessions, apostrophe), CL-2 Иван (group
     * participant only, Cyrillic), CL-3 shares CL-1's email in other case and spaces, CL-4 no last name and an unknown
     * stage, CL-5 invalid email, co-managed and a script as its stage, CL-9 rejected for its birthdate.
     */
    private Path trapExport() throws Exception {
        return ExportFixture.clean(tmp.resolve("export"))
                .file("coaches.csv", "id,email,first_name,last_name,role,active,created_at",
                        "CO-1,anna@coach.example,Anna,Berg,admin,true,2024-01-01T09:00:00Z",
                        "CO-2,bob@coach.example,Bob,Gone,member,false,2023-01-01T09:00:00Z")
                .file("clients.csv", "id,first_name,last_name,email,birthdate,company_id,lifecycle_stage,owner_email,co_coach_emails,"
                                + "created_at,updated_at,cf_goal,cf_score,cf_referrer",
                        "CL-1,Maria,O'Brien,maria@example.com,1985-04-12,CP-1,active,anna@coach.example,,2024-01-03T09:00:00Z,"
                                + "2024-03-01T09:00:00,Lead better,7.5,",
                        "CL-2,Иван,Петров,ivan@example.com,,,prospect,anna@coach.example,,,,,,",
                        "CL-3,Mary,Smith, MARIA@Example.com ,,,prospect,anna@coach.example,,,,,3,Newsletter",
                        "CL-4,Cher,,cher@example.com,,,lead,,,,,,10,",
                        "CL-5,Bob,Jones,not-an-email,,,\"" + SCRIPT + "\",anna@coach.example,bob@coach.example,,,,,",
                        "CL-9,Bad,Date,bad@example.com,12/04/1985,,active,,,,,,,")
                .file("sessions.csv", "id,client_id,coach_email,service_id,package_id,title,session_type,medium,start_at,end_at,"
                                + "duration_minutes,status,recording_url,created_at,updated_at,cf_mood",
                        // inside PK-1's window with room left: rebuildable
                        "SE-1,CL-1,anna@coach.example,SV-1,,Kick-off,individual,video,2024-01-10T10:00:00Z,2024-01-10T11:00:00Z,60,"
                                + "completed,https://video.example/r/1,2024-01-06T09:00:00Z,2024-01-10T11:00:00Z,good",
                        // after PK-1 expired: not rebuildable
                        "SE-2,CL-1,anna@coach.example,SV-1,,Late,individual,video,2025-06-01T10:00:00Z,,60,completed,,,,meh",
                        "SE-3,CL-1,anna@coach.example,SV-1,PK-1,Linked,individual,video,2024-02-01T10:00:00Z,,60,completed,,,,good",
                        // no service, so no package could ever have paid it: not a broken link
                        "SE-4,CL-1,anna@coach.example,,,Discovery,discovery,phone,2024-01-02T10:00:00Z,,30,completed,,,,",
                        // orphan: its client is not in the export
                        "SE-9,CL-404,anna@coach.example,SV-1,,Orphan,individual,video,2024-02-01T10:00:00Z,,60,completed,,,,")
                .file("notes.csv", "id,client_id,session_id,author_email,title,body,is_private,created_at,updated_at",
                        "NO-1,CL-1,SE-1,anna@coach.example,After kick-off,Short,false,2024-01-10T12:00:00Z,2024-01-10T12:00:00Z",
                        "NO-2,CL-1,,anna@coach.example,Huge," + "a".repeat(1_100_000) + ",false,,")
                .file("files.csv", "id,client_id,note_id,filename,mime_type,size_bytes,path,url,created_at",
                        "FI-1,CL-1,NO-1,plan.txt,text/plain,5,plan.txt,,2024-01-10T12:05:00Z",
                        "FI-2,CL-1,,big.pdf,application/pdf,5000000,,https://files.example/big.pdf,2024-01-10T12:05:00Z")
                .file("custom_fields.csv", "entity,key,label,type,options",
                        "client,goal,Goal,text,", "client,score,Score,number,", "session,mood,Mood,single_select,good;bad")
                .dir();
    }

    private Inventory stageAndBuild() throws Exception {
        new ExportStager(ctx).stage(trapExport());
        return new InventoryBuilder(ctx).build();
    }

    @Test
    void counts_staged_pending_and_rejected_records_and_open_dead_letters_per_object_type() throws Exception {
        Inventory inv = stageAndBuild();

        var clients = inv.counts("client").orElseThrow();
        assertThat(List.of(clients.staged(), clients.pending(), clients.rejected())).containsExactly(6L, 5L, 1L);
        assertThat(clients.openDeadLetters()).containsExactly(entry("stage", 1L));
        var sessions = inv.counts("session").orElseThrow();
        assertThat(List.of(sessions.staged(), sessions.pending(), sessions.rejected())).containsExactly(5L, 4L, 1L);
        assertThat(sessions.openDeadLetters()).containsExactly(entry("reference", 1L));
        assertThat(inv.counts("program").orElseThrow().staged()).isEqualTo(1);
        assertThat(inv.objects()).hasSize(14);
    }

    @Test
    void sessions_without_a_package_are_split_into_rebuildable_broken_and_never_package_paid() throws Exception {
        Inventory inv = stageAndBuild();

        Trap without = inv.trap(TrapKind.SESSION_WITHOUT_PACKAGE).orElseThrow();
        assertThat(without.count()).isEqualTo(3); // the orphan SE-9 is rejected and not counted
        assertThat(without.examples()).containsExactly("SE-1", "SE-2", "SE-4");
        assertThat(without.breakdown()).containsExactly(entry("rebuildable", 1L), entry("not_rebuildable", 1L),
                entry("no_package_bought", 1L));
        assertThat(inv.trap(TrapKind.PACKAGE_LINK_REBUILDABLE).orElseThrow().examples()).containsExactly("SE-1");
        assertThat(inv.trap(TrapKind.PACKAGE_LINK_NOT_REBUILDABLE).orElseThrow().examples()).containsExactly("SE-2");
        assertThat(summary(inv, TrapKind.SESSION_WITH_RECORDING)).containsExactly("session.recording_url=1 [SE-1]");
    }

    @Test
    void orphans_and_staging_rejections_are_reported_by_object_and_field() throws Exception {
        Inventory inv = stageAndBuild();

        assertThat(summary(inv, TrapKind.ORPHAN_REFERENCE)).containsExactly("session.client_id=1 [SE-9]");
        assertThat(summary(inv, TrapKind.REJECTED_AT_STAGING))
                .containsExactly("client.birthdate=1 [CL-9]", "session.client_id=1 [SE-9]");
        assertThat(inv.trap(TrapKind.REJECTED_AT_STAGING, "client", "birthdate").orElseThrow().breakdown())
                .containsExactly(entry("stage", 1L));
        assertThat(inv.trap(TrapKind.REJECTED_AT_STAGING, "session", "client_id").orElseThrow().breakdown())
                .containsExactly(entry("reference", 1L));
    }

    @Test
    void dirty_client_and_coach_data_is_listed_with_example_ids() throws Exception {
        Inventory inv = stageAndBuild();

        Trap duplicates = inv.trap(TrapKind.DUPLICATE_EMAIL).orElseThrow();
        assertThat(duplicates.count()).isEqualTo(1);
        assertThat(duplicates.breakdown()).containsExactly(entry("emails", 1L), entry("clients", 2L));
        assertThat(duplicates.examples()).containsExactly("CL-1", "CL-3");
        assertThat(summary(inv, TrapKind.MISSING_LAST_NAME)).containsExactly("client.last_name=1 [CL-4]");
        assertThat(summary(inv, TrapKind.INVALID_EMAIL)).containsExactly("client.email=1 [CL-5]");
        assertThat(summary(inv, TrapKind.NAME_WITH_APOSTROPHE)).containsExactly("client.first_name, last_name=1 [CL-1]");
        assertThat(summary(inv, TrapKind.NAME_WITH_NON_LATIN_LETTERS)).containsExactly("client.first_name, last_name=1 [CL-2]");
        assertThat(summary(inv, TrapKind.CO_MANAGED_CLIENT)).containsExactly("client.co_coach_emails=1 [CL-5]");
        assertThat(summary(inv, TrapKind.INACTIVE_COACH)).containsExactly("coach.active=1 [CO-2]");
        assertThat(summary(inv, TrapKind.LARGE_NOTE)).containsExactly("note.body=1 [NO-2]");
    }

    @Test
    void clients_with_fewer_sessions_than_the_threshold_are_prospects_counting_group_participation() throws Exception {
        Inventory inv = stageAndBuild();

        // CL-2 has no session of its own but takes part in SE-1's group: a contact
        assertThat(inv.leadThresholdSessions()).isEqualTo(1);
        assertThat(summary(inv, TrapKind.PROSPECT_LEAD)).containsExactly("client.null=3 [CL-3, CL-4, CL-5]");
    }

    @Test
    void the_lead_threshold_comes_from_configuration() throws Exception {
        new ExportStager(ctx).stage(trapExport());

        try (MigratorContext two = MigratorContext.open(config.with("migrator.lead-threshold-sessions", "2"))) {
            Inventory inv = new InventoryBuilder(two).build();

            assertThat(inv.leadThresholdSessions()).isEqualTo(2);
            assertThat(summary(inv, TrapKind.PROSPECT_LEAD)).containsExactly("client.null=4 [CL-2, CL-3, CL-4, CL-5]");
        }
    }

    @Test
    void unknown_enum_values_and_select_values_outside_options_are_counted_by_value() throws Exception {
        Inventory inv = stageAndBuild();

        Trap stage = inv.trap(TrapKind.UNKNOWN_VALUE, "client", "lifecycle_stage").orElseThrow();
        assertThat(stage.count()).isEqualTo(2);
        assertThat(stage.breakdown()).containsExactly(entry(SCRIPT, 1L), entry("lead", 1L));
        assertThat(stage.examples()).containsExactly("CL-4", "CL-5");
        assertThat(summary(inv, TrapKind.UNKNOWN_VALUE)).containsExactly("client.lifecycle_stage=2 [CL-4, CL-5]",
                "session.cf_mood=1 [SE-2]");
        assertThat(inv.trap(TrapKind.UNKNOWN_VALUE, "session", "cf_mood").orElseThrow().breakdown())
                .containsExactly(entry("meh", 1L));
    }

    @Test
    void custom_fields_get_an_inferred_type_and_undeclared_columns_are_listed() throws Exception {
        Inventory inv = stageAndBuild();

        assertThat(inv.customFields()).extracting(f -> f.objectType() + "." + f.column())
                .containsExactly("client.cf_goal", "client.cf_referrer", "client.cf_score", "session.cf_mood");
        CustomFieldProfile score = inv.customField("client", "cf_score").orElseThrow();
        assertThat(List.of(score.declaredType(), score.inferredType())).containsExactly("number", "decimal");
        assertThat(List.of(score.recordsWithValue(), (long) score.maxLength(), score.distinctValues())).containsExactly(3L, 3L, 3L);
        assertThat(score.note()).contains("fractional");
        CustomFieldProfile referrer = inv.customField("client", "cf_referrer").orElseThrow();
        assertThat(referrer.declaredType()).isEqualTo(CustomFieldProfile.UNDECLARED);
        assertThat(referrer.declared()).isFalse();
        assertThat(List.of(referrer.inferredType(), String.valueOf(referrer.recordsWithValue()))).containsExactly("text", "1");
        CustomFieldProfile mood = inv.customField("session", "cf_mood").orElseThrow();
        assertThat(mood.declaredType()).isEqualTo("single_select");
        assertThat(mood.options()).containsExactly("good", "bad");
        assertThat(mood.valuesOutsideOptions()).containsExactly("meh");
        assertThat(List.of(mood.recordsWithValue(), mood.distinctValues())).containsExactly(3L, 2L);
        CustomFieldProfile goal = inv.customField("client", "cf_goal").orElseThrow();
        assertThat(List.of(goal.declaredType(), goal.inferredType(), goal.label())).containsExactly("text", "text", "Goal");
        assertThat(goal.maxLength()).isEqualTo("Lead better".length());
        assertThat(goal.note()).isNull();
    }

    @Test
    void files_are_counted_with_their_bytes_the_large_ones_and_those_only_behind_a_url() throws Exception {
        Inventory inv = stageAndBuild();

        var files = inv.files();
        assertThat(List.of(files.count(), files.totalBytes(), files.overLimit(), files.urlInsteadOfPath()))
                .containsExactly(2L, 5_000_005L, 1L, 1L);
        assertThat(files.overLimitExamples()).containsExactly("FI-2");
        assertThat(files.urlInsteadOfPathExamples()).containsExactly("FI-2");
    }

    @Test
    void the_json_report_parses_and_carries_the_counts_and_example_ids() throws Exception {
        Inventory inv = stageAndBuild();

        Path file = InventoryReport.writeJson(inv, tmp.resolve("reports"));

        assertThat(file).isEqualTo(tmp.resolve("reports").resolve("inventory.json"));
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.path("lead_threshold_sessions").asInt()).isEqualTo(1);
        JsonNode duplicates = trapNode(root, "duplicate_email", "client", "email");
        assertThat(duplicates.path("count").asLong()).isEqualTo(1);
        assertThat(duplicates.path("breakdown").path("clients").asLong()).isEqualTo(2);
        assertThat(texts(duplicates.path("examples"))).containsExactly("CL-1", "CL-3");
        assertThat(texts(trapNode(root, "package_link_not_rebuildable", "session", "package_id").path("examples")))
                .containsExactly("SE-2");
        assertThat(trapNode(root, "unknown_value", "client", "lifecycle_stage").path("breakdown").path(SCRIPT).asLong())
                .isEqualTo(1);
        JsonNode clients = null;
        for (JsonNode o : root.path("objects")) {
            if (o.path("object_type").asText().equals("client")) {
                clients = o;
            }
        }
        assertThat(clients).isNotNull();
        assertThat(clients.path("rejected").asLong()).isEqualTo(1);
        assertThat(root.path("files").path("total_bytes").asLong()).isEqualTo(5_000_005L);
        assertThat(root.path("custom_fields").findValuesAsText("inferred_type")).contains("decimal");
    }

    @Test
    void the_html_report_lists_the_traps_and_escapes_every_value() throws Exception {
        Inventory inv = stageAndBuild();

        Path file = InventoryReport.writeHtml(inv, tmp.resolve("reports"));
        String html = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<link").doesNotContain("<script");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("Sessions whose package link cannot be rebuilt").contains(">SE-2<");
        assertThat(html).contains("Emails shared by several clients").contains("CL-1, CL-3");
        assertThat(html).contains("References pointing at no record (orphans)").contains(">SE-9<");
        assertThat(html).contains("cf_referrer").contains("undeclared");
    }

    @Test
    void the_console_table_shows_each_trap_with_its_count_and_examples() throws Exception {
        Inventory inv = stageAndBuild();

        String table = InventoryReport.table(inv);

        assertThat(table).contains("Sessions whose package link cannot be rebuilt").contains("Prospects that become Leads");
        assertThat(table.lines().filter(l -> l.contains("Prospects that become Leads")).findFirst().orElseThrow())
                .contains(" 3 ").contains("CL-3, CL-4, CL-5");
        assertThat(table).contains("cf_score").contains("decimal");
    }

    @Test
    void an_empty_store_has_zero_counts_no_traps_and_still_renders() throws Exception {
        Inventory inv = new InventoryBuilder(ctx).build();

        assertThat(inv.traps()).isEmpty();
        assertThat(inv.customFields()).isEmpty();
        assertThat(inv.objects()).allMatch(o -> o.staged() == 0);
        assertThat(inv.files().count()).isZero();
        assertThat(InventoryReport.table(inv)).contains("Checked, none found");
        assertThat(InventoryReport.writeHtml(inv, tmp.resolve("r"))).exists();
    }

    /** Each trap of a kind as {@code object.field=count [examples]}. */
    private static List<String> summary(Inventory inv, TrapKind kind) {
        List<String> out = new ArrayList<>();
        for (Trap t : inv.traps(kind)) {
            out.add(t.objectType() + "." + t.field() + "=" + t.count() + " " + t.examples());
        }
        return out;
    }

    private static JsonNode trapNode(JsonNode root, String kind, String objectType, String field) {
        for (JsonNode t : root.path("traps")) {
            if (t.path("kind").asText().equals(kind) && t.path("object_type").asText().equals(objectType)
                    && t.path("field").asText().equals(field)) {
                return t;
            }
        }
        throw new AssertionError("no trap " + kind + " " + objectType + "." + field);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
