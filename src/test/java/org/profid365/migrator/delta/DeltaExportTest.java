package org.profid365.migrator.delta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * Deltas from exports: between two exports records change, appear and disappear; the delta writes exactly those
 * changes, each update with the before-image of what it changed, and handles the deletions by
 * migrator.delta.deletions. The watermark moves only with a run that succeeded.
 */
class DeltaExportTest {

    static final RecordIds IDS = new RecordIds(UUID.fromString(DeltaFixture.NAMESPACE));
    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID MARIA = IDS.of("client", "CL-1");
    static final UUID LENA = IDS.of("client", "CL-3");
    static final UUID JONAS = IDS.of("client", "CL-4");
    static final UUID SESSION_TASK = IDS.of("session", "SE-1");
    static final UUID IVAN_TASK = IDS.of("session", "SE-1", "CL-2");
    static final UUID NOTE_2 = IDS.of("note", "NO-2");

    @Test
    void changed_added_and_deleted_records_between_two_exports_are_the_only_writes(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                "migrator.delta.deletions", "deactivate")) {
            int before = f.sim.requests().size();

            DeltaRun run = f.delta(april.toString());

            assertThat(run.succeeded()).isTrue();
            List<DataverseRequestLog> writes = f.writesSince(before);
            assertThat(writes).extracting(w -> w.method() + " " + w.path().replace("/api/data/v9.2/", "")).containsExactly(
                    "POST leads/Microsoft.Dynamics.CRM.CreateMultiple",
                    "POST contacts/Microsoft.Dynamics.CRM.UpdateMultiple",
                    "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple",
                    "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple",
                    "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple",
                    "POST leads/Microsoft.Dynamics.CRM.UpdateMultiple");
            // Jonas is new; of Maria only the email changed, of the closed session's two tasks only the subject, so
            // the tasks are reopened, updated and closed again; Lena, deleted in Profi, is disqualified
            assertThat(targets(writes.get(0))).singleElement().satisfies(t -> {
                assertThat(t.path("leadid").asText()).isEqualTo(JONAS.toString());
                assertThat(t.path("emailaddress1").asText()).isEqualTo("jonas@example.com");
            });
            assertThat(targets(writes.get(1))).containsExactly(json("""
                    {"@odata.type":"Microsoft.Dynamics.CRM.contact","contactid":"%s","emailaddress1":"%s"}
                    """.formatted(MARIA, DeltaExports.NEW_EMAIL)));
            assertThat(targets(writes.get(2))).containsExactlyInAnyOrder(task(SESSION_TASK, "\"statecode\":0"),
                    task(IVAN_TASK, "\"statecode\":0"));
            assertThat(targets(writes.get(3))).containsExactlyInAnyOrder(task(SESSION_TASK, "\"subject\":\"Kick-off call\""),
                    task(IVAN_TASK, "\"subject\":\"Kick-off call\""));
            assertThat(targets(writes.get(4))).containsExactlyInAnyOrder(task(SESSION_TASK, "\"statecode\":1,\"statuscode\":5"),
                    task(IVAN_TASK, "\"statecode\":1,\"statuscode\":5"));
            assertThat(targets(writes.get(5))).containsExactly(json("""
                    {"@odata.type":"Microsoft.Dynamics.CRM.lead","leadid":"%s","statecode":2}""".formatted(LENA)));

            // every change to an existing record is audited with what it overwrote
            assertThat(f.rows("select target_table || ' ' || target_id || ' ' || operation || ' ' || columns::jsonb || ' <- ' "
                    + "|| coalesce(before_image::jsonb::text, '-') from audit_log where run_id = " + run.runId()
                    + " and operation <> 'create' order by target_table, target_id, id")).containsExactly(
                    "contact " + MARIA + " update {\"emailaddress1\": \"maria.obrien@example.com\"} <- {\"emailaddress1\": \"maria@example.com\"}",
                    "lead " + LENA + " state {\"statecode\": 2} <- {\"statecode\": 0, \"statuscode\": 1}",
                    "task " + SESSION_TASK + " state {\"statecode\": 0} <- {\"statecode\": 1, \"statuscode\": 5}",
                    "task " + SESSION_TASK + " update {\"subject\": \"Kick-off call\"} <- {\"subject\": \"Kick-off\"}",
                    "task " + SESSION_TASK + " state {\"statecode\": 1, \"statuscode\": 5} <- {\"statecode\": 0}",
                    "task " + IVAN_TASK + " state {\"statecode\": 0} <- {\"statecode\": 1, \"statuscode\": 5}",
                    "task " + IVAN_TASK + " update {\"subject\": \"Kick-off call\"} <- {\"subject\": \"Kick-off\"}",
                    "task " + IVAN_TASK + " state {\"statecode\": 1, \"statuscode\": 5} <- {\"statecode\": 0}");
            assertThat(f.rows("select target_table || ' ' || target_id from audit_log where run_id = " + run.runId()
                    + " and operation = 'create'")).containsExactly("lead " + JONAS);
            assertThat(f.count("select count(*) from intended_write")).isZero();

            // the deleted records: staged as deleted; the lead disqualified, the note (no state) left and reported
            assertThat(f.rows("select object_type || ' ' || profi_id from staged_with_state where load_state = 'deleted' order by 1"))
                    .containsExactly("client CL-3", "note NO-2");
            assertThat(f.dv.reader().retrieve("leads", LENA, "statecode").orElseThrow().path("statecode").asInt()).isEqualTo(2);
            assertThat(f.dv.reader().retrieve("annotations", NOTE_2, "subject")).isPresent();
            assertThat(Files.readAllLines(run.deletionReport())).contains(
                    "note,NO-2,annotation," + NOTE_2 + ",left,annotation has no state to deactivate; the record stays",
                    "client,CL-3,lead," + LENA + ",deactivated,statecode 2");

            // the watermark names the April export, in the run that consumed it
            assertThat(f.rows("select w.source || ' ' || w.name || ' ' || w.value || ' ' || (w.run_id = " + run.runId() + ") "
                    + "from watermark w")).containsExactly("exports last-export " + aprilExport(f) + " true");

            // the same export again changes nothing
            int again = f.sim.requests().size();
            assertThat(f.delta(april.toString()).succeeded()).isTrue();
            assertThat(f.writesSince(again)).isEmpty();
        }
    }

    @Test
    void delete_mode_deletes_the_deleted_records_by_recorded_id_children_first(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        // in this April Maria also left her company: the lookup is cleared, its before-image is the old bind
        org.profid365.migrator.ExportFixture.clean(april).file("clients.csv", DeltaExports.CLIENTS,
                DeltaExports.MARIA.formatted(DeltaExports.NEW_EMAIL, "2024-04-01T09:00:00Z").replace(",DE,CP-1,", ",DE,,"),
                DeltaExports.IVAN, DeltaExports.JONAS)
                .file("sessions.csv", DeltaExports.SESSIONS, DeltaExports.SESSION.formatted("Kick-off call", "2024-04-01T10:00:00Z"))
                .file("notes.csv", DeltaExports.NOTES, DeltaExports.NOTE_1);
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                "migrator.delta.deletions", "delete")) {
            int before = f.sim.requests().size();

            DeltaRun run = f.delta(april.toString());

            assertThat(run.succeeded()).isTrue();
            UUID acme = IDS.of("company", "CP-1");
            assertThat(f.writesSince(before)).filteredOn(w -> w.path().contains("contacts/")).singleElement()
                    .satisfies(w -> assertThat(targets(w)).containsExactly(json("""
                            {"@odata.type":"Microsoft.Dynamics.CRM.contact","contactid":"%s","emailaddress1":"%s",
                             "parentcustomerid_account@odata.bind":null}""".formatted(MARIA, DeltaExports.NEW_EMAIL))));
            assertThat(f.rows("select before_image::jsonb from audit_log where operation = 'update' and target_id = '" + MARIA + "'"))
                    .containsExactly("{\"emailaddress1\": \"maria@example.com\", \"parentcustomerid_account@odata.bind\": "
                            + "\"/accounts(" + acme + ")\"}");
            assertThat(f.dv.reader().retrieve("contacts", MARIA, "_parentcustomerid_value").orElseThrow()
                    .path("_parentcustomerid_value").isNull()).isTrue();
            assertThat(f.writesSince(before)).filteredOn(w -> w.method().equals("DELETE"))
                    .extracting(w -> w.path().replace("/api/data/v9.2/", ""))
                    .containsExactly("annotations(" + NOTE_2 + ")", "leads(" + LENA + ")"); // the note before the client
            assertThat(f.dv.reader().retrieve("annotations", NOTE_2)).isEmpty();
            assertThat(f.dv.reader().retrieve("leads", LENA)).isEmpty();
            assertThat(f.rows("select target_table || ' ' || state from id_map where target_id in ('" + NOTE_2 + "', '"
                    + LENA + "') order by 1")).containsExactly("annotation deleted", "lead deleted");
            // the audit keeps what the deleted records held
            JsonNode note = JSON.readTree(f.rows("select before_image from audit_log where operation = 'delete' "
                    + "and target_id = '" + NOTE_2 + "'").get(0));
            assertThat(note.path("subject").asText()).isEqualTo("Phone call");
            assertThat(note.path("notetext").asText()).isEqualTo("Called about the invoice");
            JsonNode lead = JSON.readTree(f.rows("select before_image from audit_log where operation = 'delete' "
                    + "and target_id = '" + LENA + "'").get(0));
            assertThat(lead.path("emailaddress1").asText()).isEqualTo("lena@example.com");
            assertThat(lead.path("ownerid@odata.bind").asText()).startsWith("/systemusers(");
        }
    }

    @Test
    void a_delta_that_fails_after_writing_keeps_the_watermark_and_the_next_one_finishes_with_the_first_before_images(
            @TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                "migrator.delta.deletions", "deactivate")) {
            // the process "dies" after Dataverse took a batch's writes and before their outcome is recorded
            AtomicBoolean crash = new AtomicBoolean(true);
            AdviceWith.adviceWith(f.camel.context(), "dataverse-write", a -> a.weaveAddLast().process(e -> {
                if (crash.get()) {
                    throw new IllegalStateException("simulated crash after the writes");
                }
            }));

            DeltaRun failed = f.delta(april.toString());

            assertThat(failed.succeeded()).isFalse();
            assertThat(f.rows("select status from run where id = " + failed.runId())).containsExactly("failed");
            assertThat(f.count("select count(*) from watermark")).isZero();
            assertThat(f.dv.reader().retrieve("contacts", MARIA, "emailaddress1").orElseThrow().path("emailaddress1").asText())
                    .isEqualTo(DeltaExports.NEW_EMAIL); // it landed, but nothing recorded it
            assertThat(f.count("select count(*) from audit_log where operation = 'update'")).isZero();
            // Maria's update was intended (the session's tasks waited: children of a record that did not land)
            assertThat(f.rows("select target_id || ' ' || before_image from intended_write where operation = 'update'"))
                    .containsExactly(MARIA + " {\"emailaddress1\": \"maria@example.com\"}");

            crash.set(false);
            DeltaRun redo = f.delta(april.toString());

            assertThat(redo.succeeded()).isTrue();
            // the before-images are those read before the lost attempt, not the values it had already written
            assertThat(f.rows("select target_id || ' ' || before_image::jsonb from audit_log where operation = 'update' order by 1"))
                    .containsExactlyInAnyOrder(
                            MARIA + " {\"emailaddress1\": \"maria@example.com\"}",
                            SESSION_TASK + " {\"subject\": \"Kick-off\"}",
                            IVAN_TASK + " {\"subject\": \"Kick-off\"}");
            assertThat(f.count("select count(*) from audit_log where operation = 'create' and target_id = '" + JONAS + "'"))
                    .isEqualTo(1);
            assertThat(f.count("select count(*) from intended_write")).isZero();
            assertThat(f.count("select count(*) from dead_letter where replay_state = 'open'")).isZero();
            assertThat(f.rows("select value || ' ' || run_id from watermark where source = 'exports'"))
                    .containsExactly(newestExport(f) + " " + redo.runId());
        }
    }

    @Test
    void a_participant_added_to_a_group_session_gets_its_task_and_a_removed_one_loses_it(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        // in April Lena joined the session and Ivan no longer appears in it; the session itself did not change
        Path april = org.profid365.migrator.ExportFixture.clean(tmp.resolve("april"))
                .file("clients.csv", DeltaExports.CLIENTS, DeltaExports.MARIA.formatted(DeltaExports.OLD_EMAIL,
                        "2024-03-01T09:00:00"), DeltaExports.IVAN, DeltaExports.LENA)
                .file("sessions.csv", DeltaExports.SESSIONS, DeltaExports.SESSION.formatted("Kick-off", "2024-01-10T11:00:00Z"))
                .file("session_participants.csv", "session_id,client_id,attendance", "SE-1,CL-3,attended")
                .file("notes.csv", DeltaExports.NOTES, DeltaExports.NOTE_1, DeltaExports.NOTE_2)
                .dir();
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                "migrator.delta.deletions", "delete", "migrator.delta.deletions.max-share", "1")) {
            int before = f.sim.requests().size();

            DeltaRun run = f.delta(april.toString());

            assertThat(run.succeeded()).isTrue();
            UUID lenaTask = IDS.of("session", "SE-1", "CL-3");
            List<DataverseRequestLog> writes = f.writesSince(before);
            assertThat(writes).as(writes.stream().map(w -> w.status() + " " + w.body()).toList().toString())
                    .extracting(w -> w.method() + " " + w.path().replace("/api/data/v9.2/", "")).containsExactly(
                    "POST tasks/Microsoft.Dynamics.CRM.CreateMultiple",
                    "POST tasks/Microsoft.Dynamics.CRM.UpdateMultiple",
                    "DELETE tasks(" + IVAN_TASK + ")");
            assertThat(targets(writes.get(0))).singleElement().satisfies(t -> {
                assertThat(t.path("activityid").asText()).isEqualTo(lenaTask.toString());
                assertThat(t.path("regardingobjectid_lead_task@odata.bind").asText()).isEqualTo("/leads(" + LENA + ")");
            });
            assertThat(targets(writes.get(1))).containsExactly(task(lenaTask, "\"statecode\":1,\"statuscode\":5"));
            // the session's own task was compared with what was written and left alone
            assertThat(f.count("select count(*) from audit_log where run_id = " + run.runId() + " and target_id = '"
                    + SESSION_TASK + "'")).isZero();
            assertThat(f.rows("select object_type || ' ' || profi_id || ' ' || load_state from staged_with_state "
                    + "where object_type in ('session', 'session_participant') order by 1"))
                    .containsExactly("session SE-1 loaded", "session_participant SE-1:CL-2 deleted",
                            "session_participant SE-1:CL-3 pending");
        }
    }

    @Test
    void a_record_matched_to_one_dynamics_had_stays_matched_when_its_email_changes_and_is_never_deleted(@TempDir Path tmp)
            throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        UUID[] crm = new UUID[2];
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                DeltaExportTest::matchClientsByEmail, (sim, dv) -> {
                    // Maria and Lena were in Dynamics before the migration
                    crm[0] = create(dv, org.profid365.migrator.dataverse.TableRef.CONTACT, "{\"firstname\":\"Maria\","
                            + "\"lastname\":\"O'Brien\",\"emailaddress1\":\"maria@example.com\",\"fax\":\"+1 555 0100\"}");
                    crm[1] = create(dv, org.profid365.migrator.dataverse.TableRef.LEAD, "{\"firstname\":\"Lena\","
                            + "\"lastname\":\"Vogel\",\"emailaddress1\":\"lena@example.com\",\"subject\":\"Fair 2023\"}");
                }, "migrator.delta.deletions", "delete")) {
            assertThat(f.rows("select target_id || ' ' || created_by_us from id_map where object_type = 'client' "
                    + "and profi_id in ('CL-1', 'CL-3') order by profi_id")).containsExactly(crm[0] + " false", crm[1] + " false");
            int before = f.sim.requests().size();

            DeltaRun run = f.delta(april.toString());

            assertThat(run.succeeded()).isTrue();
            List<DataverseRequestLog> writes = f.writesSince(before);
            // Maria's new email goes to the contact she was matched to, alone; no second Maria is created
            assertThat(writes).filteredOn(w -> w.path().contains("contacts")).singleElement().satisfies(w -> {
                assertThat(w.path()).endsWith("contacts/Microsoft.Dynamics.CRM.UpdateMultiple");
                assertThat(targets(w)).containsExactly(json("""
                        {"@odata.type":"Microsoft.Dynamics.CRM.contact","contactid":"%s","emailaddress1":"%s"}"""
                        .formatted(crm[0], DeltaExports.NEW_EMAIL)));
            });
            assertThat(f.dv.reader().retrieve("contacts", MARIA, "contactid")).isEmpty();
            // its before-image holds the email the contact had
            assertThat(JSON.readTree(f.rows("select before_image from audit_log where run_id = " + run.runId()
                    + " and target_id = '" + crm[0] + "'").get(0)).path("emailaddress1").asText()).isEqualTo("maria@example.com");
            // Lena's lead existed before: deleting her in Profi leaves it in Dynamics (the note is deleted)
            assertThat(writes).filteredOn(w -> w.method().equals("DELETE")).extracting(DataverseRequestLog::path)
                    .containsExactly("/api/data/v9.2/annotations(" + NOTE_2 + ")");
            assertThat(f.dv.reader().retrieve("leads", crm[1], "subject")).isPresent();
            assertThat(Files.readAllLines(run.deletionReport())).contains("client,CL-3,lead," + crm[1]
                    + ",left,existed in Dynamics before the migration (matched); it stays");
        }
    }

    static org.profid365.migrator.mapping.MappingFile matchClientsByEmail(org.profid365.migrator.mapping.MappingFile m) {
        java.util.Map<String, org.profid365.migrator.mapping.ObjectMapping> objects = new java.util.LinkedHashMap<>(m.objects());
        org.profid365.migrator.mapping.ObjectMapping client = objects.get("client");
        org.profid365.migrator.mapping.ObjectMapping.MatchRule byEmail =
                new org.profid365.migrator.mapping.ObjectMapping.MatchRule(List.of("emailaddress1"));
        objects.put("client", new org.profid365.migrator.mapping.ObjectMapping(client.rules(), client.split(),
                java.util.Map.of("contact", byEmail, "lead", byEmail), client.targets()));
        return new org.profid365.migrator.mapping.MappingFile(m.version(), m.publisherPrefix(), m.options(), objects,
                m.skipObjects());
    }

    static UUID create(org.profid365.migrator.dataverse.DataverseConnection dv,
                               org.profid365.migrator.dataverse.TableRef table, String columns) throws Exception {
        org.profid365.migrator.dataverse.WriteOutcome o = dv.recordWriter().create(table,
                org.profid365.migrator.dataverse.RecordWrite.of("pre", null,
                        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(columns)));
        assertThat(o.ok()).as(String.valueOf(o)).isTrue();
        return o.id();
    }

    private static String aprilExport(DeltaFixture f) throws Exception {
        return newestExport(f);
    }

    private static String newestExport(DeltaFixture f) throws Exception {
        return f.rows("select max(id) from source_export").get(0);
    }

    private static List<JsonNode> targets(DataverseRequestLog w) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(w.body()).path("Targets").forEach(out::add);
        return out;
    }

    private static JsonNode task(UUID id, String columns) throws Exception {
        return json("{\"@odata.type\":\"Microsoft.Dynamics.CRM.task\",\"activityid\":\"" + id + "\"," + columns + "}");
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }
}
