package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

class FileAttachmentRuleTest {

    static final UUID CARL = UUID.fromString("44444444-4444-4444-8444-444444444444");
    static final UUID FALLBACK = UUID.fromString("55555555-5555-4555-8555-555555555555");

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    /** Clients CL-1 and CL-3 are anna's; the files below take her as owner through client.owner_email. */
    @BeforeEach
    void clients() {
        fx.add(record(ProfiObject.CLIENT, "id", "CL-1", "owner_email", "Anna@Coach.example"));
        fx.add(record(ProfiObject.CLIENT, "id", "CL-3", "owner_email", "anna@coach.example"));
    }

    void inlineMax(long bytes) {
        MappingFile d = fx.mapping;
        fx.mapping = new MappingFile(d.version(), d.publisherPrefix(),
                new MappingFile.MappingOptions(1, "export", "keep", bytes, null), d.objects(), d.skipObjects());
    }

    @Test
    void a_file_of_a_session_note_goes_on_the_session_task_with_its_bytes_as_base64() {
        fx.add(record(ProfiObject.NOTE, "id", "NO-1", "client_id", "CL-1", "session_id", "SE-1"));
        fx.files.put("notes/plan.txt", "hello".getBytes(StandardCharsets.UTF_8));
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-1", "client_id", "CL-1", "note_id", "NO-1",
                "filename", " plan.txt ", "mime_type", "Text/Plain", "size_bytes", "5", "path", "notes/plan.txt"),
                "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-1", "ownerid@odata.bind": "/systemusers(11111111-1111-4111-8111-111111111111)",
                 "objectid_task@odata.bind": "/tasks(%s)",
                 "filename": "plan.txt", "mimetype": "text/plain", "subject": "plan.txt",
                 "isdocument": true, "documentbody": "aGVsbG8="}
                """.formatted(id("file", "FI-1"), id("session", "SE-1")));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_file_of_a_client_note_goes_on_the_lead_the_client_became() {
        fx.leads.add("CL-3");
        fx.add(record(ProfiObject.NOTE, "id", "NO-2", "client_id", "CL-3"));
        fx.files.put("a.pdf", new byte[] {1, 2, 3, 4});
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-2", "note_id", "NO-2", "filename", "a.pdf",
                "mime_type", "application/pdf", "path", "a.pdf"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-2", "ownerid@odata.bind": "/systemusers(11111111-1111-4111-8111-111111111111)",
                 "objectid_lead@odata.bind": "/leads(%s)",
                 "filename": "a.pdf", "mimetype": "application/pdf", "subject": "a.pdf",
                 "isdocument": true, "documentbody": "AQIDBA=="}
                """.formatted(id("file", "FI-2"), id("client", "CL-3")));
    }

    @Test
    void a_file_without_note_goes_on_its_client_and_a_missing_mime_type_is_flagged() {
        fx.files.put("x.bin", new byte[] {0});
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-3", "client_id", "CL-1", "filename", "x.bin",
                "path", "x.bin"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-3", "ownerid@odata.bind": "/systemusers(11111111-1111-4111-8111-111111111111)",
                 "objectid_contact@odata.bind": "/contacts(%s)",
                 "filename": "x.bin", "subject": "x.bin", "isdocument": true,
                 "mimetype": "application/octet-stream", "documentbody": "AA=="}
                """.formatted(id("file", "FI-3"), id("client", "CL-1")));
        assertThat(r.creates().get(0).flags())
                .containsExactly("file has no mime_type: application/octet-stream written to mimetype");
    }

    @Test
    void a_note_not_in_the_export_falls_back_to_the_client_and_is_flagged() {
        fx.files.put("y.txt", new byte[] {65});
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-4", "client_id", "CL-1", "note_id", "NO-404",
                "filename", "y.txt", "mime_type", "text/plain", "path", "y.txt"), "annotation");
        assertThat(r.creates().get(0).payload().get("objectid_contact@odata.bind").textValue())
                .isEqualTo("/contacts(" + id("client", "CL-1") + ")");
        assertThat(r.creates().get(0).flags())
                .containsExactly("note NO-404 is not in the export: the file goes on its client");
    }

    @Test
    void a_file_over_the_inline_limit_is_flagged_for_block_upload_without_documentbody() {
        inlineMax(3);
        fx.files.put("big.pdf", new byte[] {1, 2, 3, 4});
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-5", "client_id", "CL-1", "filename", "big.pdf",
                "mime_type", "application/pdf", "path", "big.pdf"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-5", "ownerid@odata.bind": "/systemusers(11111111-1111-4111-8111-111111111111)",
                 "objectid_contact@odata.bind": "/contacts(%s)",
                 "filename": "big.pdf", "mimetype": "application/pdf", "subject": "big.pdf", "isdocument": true}
                """.formatted(id("file", "FI-5"), id("client", "CL-1")));
        assertThat(r.creates().get(0).flags())
                .containsExactly("block upload: files/big.pdf is 4 bytes, over attachmentInlineMaxBytes 3");
        assertThat(r.creates().get(0).flags().get(0)).startsWith(FileAttachmentRule.BLOCK_UPLOAD_FLAG);
    }

    @Test
    void a_file_over_the_org_limit_is_rejected_naming_file_size_and_limit() {
        fx.orgLimit = 7;
        fx.files.put("big.pdf", new byte[] {1, 2, 3, 4, 5, 6});
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-6", "client_id", "CL-1", "filename", "big.pdf",
                "path", "big.pdf"), "annotation");
        assertThat(r.writes()).isEmpty();
        assertThat(r.rejection().recordKey()).isEqualTo("file:FI-6");
        assertThat(r.rejection().field()).isEqualTo("path");
        assertThat(r.rejection().reason()).isEqualTo("file FI-6 (files.csv line 2): file 'big.pdf' (files/big.pdf) is 6 bytes"
                + " (8 as base64), over the organisation's attachment limit of 7 bytes (base64)");
    }

    @Test
    void a_file_whose_bytes_are_missing_is_rejected() {
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-7", "client_id", "CL-1", "filename", "gone.pdf",
                "path", "gone.pdf"), "annotation");
        assertThat(r.rejection().reason()).endsWith("file 'gone.pdf' (files/gone.pdf) is not in the export");
    }

    @Test
    void a_url_file_is_a_note_with_the_link_and_no_document() {
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-8", "client_id", "CL-1", "filename", "deck",
                "url", "drive.example.com/deck"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-8", "ownerid@odata.bind": "/systemusers(11111111-1111-4111-8111-111111111111)",
                 "objectid_contact@odata.bind": "/contacts(%s)",
                 "filename": "deck", "notetext": "https://drive.example.com/deck", "subject": "deck"}
                """.formatted(id("file", "FI-8"), id("client", "CL-1")));
    }

    @Test
    void a_file_with_neither_note_nor_client_is_rejected() {
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-9", "filename", "lost.txt", "path", "lost.txt"),
                "annotation");
        assertThat(r.rejection().reason()).contains("file 'lost.txt' has neither a note nor a client");
    }

    @Test
    void a_file_belongs_to_its_clients_owner_even_on_a_session_note_by_another_author() {
        fx.owners.put("carl@coach.example", CARL);
        fx.add(record(ProfiObject.NOTE, "id", "NO-1", "client_id", "CL-1", "session_id", "SE-1",
                "author_email", "carl@coach.example"));
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-10", "client_id", "CL-1", "note_id", "NO-1",
                "filename", "deck", "url", "https://drive.example.com/deck"), "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-10",
                 "ownerid@odata.bind": "/systemusers(11111111-1111-4111-8111-111111111111)",
                 "objectid_task@odata.bind": "/tasks(%s)",
                 "filename": "deck", "notetext": "https://drive.example.com/deck", "subject": "deck"}
                """.formatted(id("file", "FI-10"), id("session", "SE-1")));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_file_without_client_id_takes_the_owner_of_its_notes_client() {
        fx.owners.put("carl@coach.example", CARL);
        fx.add(record(ProfiObject.CLIENT, "id", "CL-7", "owner_email", " carl@coach.example "));
        fx.add(record(ProfiObject.NOTE, "id", "NO-7", "client_id", "CL-7", "author_email", "anna@coach.example"));
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-11", "note_id", "NO-7", "filename", "deck",
                "url", "https://drive.example.com/deck"), "annotation");
        assertThat(r.creates().get(0).payload().get("ownerid@odata.bind").textValue())
                .isEqualTo("/systemusers(" + CARL + ")");
    }

    @Test
    void a_client_without_owner_email_gives_its_files_to_the_fallback_owner_or_flags_the_loading_user() {
        fx.add(record(ProfiObject.CLIENT, "id", "CL-8"));
        Supplier<ProfiRecord> file = () -> record(ProfiObject.FILE, "id", "FI-12", "client_id", "CL-8", "filename", "deck",
                "url", "https://drive.example.com/deck");

        RuleEngine.Result flagged = fx.run(file.get(), "annotation");
        assertThat(flagged.creates().get(0).payload().has("ownerid@odata.bind")).isFalse();
        assertThat(flagged.creates().get(0).flags())
                .containsExactly("client.owner_email empty and no fallback owner: the owner is left to the loading user");

        fx.fallbackOwner = FALLBACK;
        RuleEngine.Result fallback = fx.run(file.get(), "annotation");
        assertThat(fallback.creates().get(0).payload().get("ownerid@odata.bind").textValue())
                .isEqualTo("/systemusers(" + FALLBACK + ")");
        assertThat(fallback.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_client_owner_with_no_enabled_user_and_no_fallback_rejects_the_file_naming_the_field() {
        fx.add(record(ProfiObject.CLIENT, "id", "CL-9", "owner_email", "gone@coach.example"));
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-13", "client_id", "CL-9", "filename", "deck",
                "url", "https://drive.example.com/deck"), "annotation");
        assertThat(r.writes()).isEmpty();
        assertThat(r.rejection().field()).isEqualTo("client.owner_email");
        assertThat(r.rejection().reason()).isEqualTo("file FI-13 (files.csv line 2): field client.owner_email value"
                + " 'gone@coach.example' resolves to no enabled user and there is no fallback owner");
    }

    @Test
    void a_client_missing_from_the_export_leaves_the_owner_email_empty_and_says_so() {
        fx.fallbackOwner = FALLBACK;
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-14", "client_id", "CL-404", "filename", "deck",
                "url", "https://drive.example.com/deck"), "annotation");
        assertThat(r.creates().get(0).payload().get("ownerid@odata.bind").textValue())
                .isEqualTo("/systemusers(" + FALLBACK + ")");
        assertThat(r.creates().get(0).flags()).containsExactly(
                "client.owner_email: client CL-404 is not in the export, so the file has no owner email");
    }

    @Test
    void the_mapping_may_give_files_to_their_notes_author_instead() {
        fx.owners.put("carl@coach.example", CARL);
        Map<String, FieldMapping> fields = fx.mapping.objects().get("file").targets().get("annotation").fields();
        FieldMapping owner = fields.remove("client.owner_email");
        fields.put("note.author_email", owner);
        fx.add(record(ProfiObject.NOTE, "id", "NO-1", "client_id", "CL-1", "author_email", "carl@coach.example"));
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-15", "client_id", "CL-1", "note_id", "NO-1",
                "filename", "deck", "url", "https://drive.example.com/deck"), "annotation");
        assertThat(r.creates().get(0).payload().get("ownerid@odata.bind").textValue())
                .isEqualTo("/systemusers(" + CARL + ")");
    }

    @Test
    void base64_size_is_four_per_started_three_bytes() {
        assertThat(FileAttachmentRule.base64Size(0)).isZero();
        assertThat(FileAttachmentRule.base64Size(1)).isEqualTo(4);
        assertThat(FileAttachmentRule.base64Size(3)).isEqualTo(4);
        assertThat(FileAttachmentRule.base64Size(4)).isEqualTo(8);
    }
}
