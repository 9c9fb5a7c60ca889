package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class FileAttachmentRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    void inlineMax(long bytes) {
        MappingFile d = fx.mapping;
        fx.mapping = new MappingFile(d.version(), d.publisherPrefix(),
                new MappingFile.MappingOptions(1, "export", "keep", bytes), d.objects(), d.skipObjects());
    }

    @Test
    void a_file_of_a_session_note_goes_on_the_session_task_with_its_bytes_as_base64() {
        fx.add(record(ProfiObject.NOTE, "id", "NO-1", "client_id", "CL-1", "session_id", "SE-1"));
        fx.files.put("notes/plan.txt", "hello".getBytes(StandardCharsets.UTF_8));
        RuleEngine.Result r = fx.run(record(ProfiObject.FILE, "id", "FI-1", "client_id", "CL-1", "note_id", "NO-1",
                "filename", " plan.txt ", "mime_type", "Text/Plain", "size_bytes", "5", "path", "notes/plan.txt"),
                "annotation");
        assertPayload(r.creates().get(0), """
                {"annotationid": "%s", "profi_profiid": "FI-1", "objectid_task@odata.bind": "/tasks(%s)",
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
                {"annotationid": "%s", "profi_profiid": "FI-2", "objectid_lead@odata.bind": "/leads(%s)",
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
                {"annotationid": "%s", "profi_profiid": "FI-3", "objectid_contact@odata.bind": "/contacts(%s)",
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
                {"annotationid": "%s", "profi_profiid": "FI-5", "objectid_contact@odata.bind": "/contacts(%s)",
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
                {"annotationid": "%s", "profi_profiid": "FI-8", "objectid_contact@odata.bind": "/contacts(%s)",
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
    void base64_size_is_four_per_started_three_bytes() {
        assertThat(FileAttachmentRule.base64Size(0)).isZero();
        assertThat(FileAttachmentRule.base64Size(1)).isEqualTo(4);
        assertThat(FileAttachmentRule.base64Size(3)).isEqualTo(4);
        assertThat(FileAttachmentRule.base64Size(4)).isEqualTo(8);
    }
}
