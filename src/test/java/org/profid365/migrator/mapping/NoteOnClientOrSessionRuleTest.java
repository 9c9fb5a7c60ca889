package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class NoteOnClientOrSessionRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void a_session_note_goes_on_the_session_task_only() {
        RuleEngine.Result r = fx.run(record(ProfiObject.NOTE, "id", "NO-1", "client_id", "CL-1", "session_id", "SE-1",
                "author_email", "anna@coach.example", "title", "Recap", "body", "<p>Good progress</p>"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "NO-1", "objectid_task@odata.bind": "/tasks(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Recap", "notetext": "<p>Good progress</p>"}
                """.formatted(id("note", "NO-1"), id("session", "SE-1"), RuleEngineTest.Fixture.ANNA));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_client_note_goes_on_the_contact() {
        RuleEngine.Result r = fx.run(record(ProfiObject.NOTE, "id", "NO-2", "client_id", "CL-1",
                "author_email", "anna@coach.example", "body", "Hello"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "NO-2", "objectid_contact@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "notetext": "Hello"}
                """.formatted(id("note", "NO-2"), id("client", "CL-1"), RuleEngineTest.Fixture.ANNA));
    }

    @Test
    void a_note_of_a_lead_goes_on_the_lead() {
        fx.leads.add("CL-3");
        RuleEngine.Result r = fx.run(record(ProfiObject.NOTE, "id", "NO-3", "client_id", "CL-3",
                "author_email", "anna@coach.example", "body", "Prospect called"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "NO-3", "objectid_lead@odata.bind": "/leads(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "notetext": "Prospect called"}
                """.formatted(id("note", "NO-3"), id("client", "CL-3"), RuleEngineTest.Fixture.ANNA));
    }

    @Test
    void a_note_with_neither_session_nor_client_is_rejected() {
        RuleEngine.Result r = fx.run(record(ProfiObject.NOTE, "id", "NO-4", "author_email", "anna@coach.example",
                "body", "Orphan"), "annotation");
        assertThat(r.writes()).isEmpty();
        assertThat(r.rejection().recordKey()).isEqualTo("note:NO-4");
        assertThat(r.rejection().reason()).contains("neither a session nor a client");
    }

    @Test
    void with_note_html_text_the_body_is_converted_and_flagged() {
        MappingFile d = fx.mapping;
        fx.mapping = new MappingFile(d.version(), d.publisherPrefix(),
                new MappingFile.MappingOptions(1, "export", "text", 4194304L, null), d.objects(), d.skipObjects());
        RuleEngine.Result r = fx.run(record(ProfiObject.NOTE, "id", "NO-5", "client_id", "CL-1",
                "author_email", "anna@coach.example", "body", "<p>One</p><p>Two &amp; three</p>"), "annotation");
        assertThat(r.creates().get(0).payload().get("notetext").textValue()).isEqualTo("One\nTwo & three");
        assertThat(r.creates().get(0).flags())
                .containsExactly("note body converted from HTML to text (options.noteHtml: text)");
    }
}
