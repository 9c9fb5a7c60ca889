package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchRequestTest {

    @Test
    void batch_with_a_changeset_and_a_content_id_reference_is_framed_exactly_with_crlf() {
        BatchRequest batch = BatchRequest.withId("B1", "/api/data/v9.2/")
                .add(BatchOperation.post("contacts", "{\"firstname\":\"Ann\"}"))
                .addChangeset("C1", List.of(
                        BatchOperation.post("accounts", "{\"name\":\"Acme\"}").withContentId("1"),
                        BatchOperation.post("contacts", "{\"lastname\":\"Lee\",\"parentcustomerid_account@odata.bind\":\"$1\"}")
                                .withContentId("2")))
                .add(BatchOperation.patch("tasks(00000000-0000-0000-0000-000000000007)", "{\"statecode\":1}")
                        .withHeader("If-Match", "*"))
                .add(BatchOperation.get("WhoAmI"));

        String expected = ""
                + "--batch_B1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n"
                + "\r\n"
                + "POST /api/data/v9.2/contacts HTTP/1.1\r\n"
                + "Content-Type: application/json\r\n"
                + "\r\n"
                + "{\"firstname\":\"Ann\"}\r\n"
                + "--batch_B1\r\n"
                + "Content-Type: multipart/mixed; boundary=changeset_C1\r\n"
                + "\r\n"
                + "--changeset_C1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n"
                + "Content-ID: 1\r\n"
                + "\r\n"
                + "POST /api/data/v9.2/accounts HTTP/1.1\r\n"
                + "Content-Type: application/json\r\n"
                + "\r\n"
                + "{\"name\":\"Acme\"}\r\n"
                + "--changeset_C1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n"
                + "Content-ID: 2\r\n"
                + "\r\n"
                + "POST /api/data/v9.2/contacts HTTP/1.1\r\n"
                + "Content-Type: application/json\r\n"
                + "\r\n"
                + "{\"lastname\":\"Lee\",\"parentcustomerid_account@odata.bind\":\"$1\"}\r\n"
                + "--changeset_C1--\r\n"
                + "--batch_B1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n"
                + "\r\n"
                + "PATCH /api/data/v9.2/tasks(00000000-0000-0000-0000-000000000007) HTTP/1.1\r\n"
                + "Content-Type: application/json\r\n"
                + "If-Match: *\r\n"
                + "\r\n"
                + "{\"statecode\":1}\r\n"
                + "--batch_B1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n"
                + "\r\n"
                + "GET /api/data/v9.2/WhoAmI HTTP/1.1\r\n"
                + "\r\n"
                + "\r\n"
                + "--batch_B1--\r\n";

        assertThat(batch.body()).isEqualTo(expected);
        assertThat(batch.body().replace("\r\n", "")).doesNotContain("\n");
        assertThat(batch.contentType()).isEqualTo("multipart/mixed; boundary=batch_B1");
        assertThat(batch.operationCount()).isEqualTo(5);
    }

    @Test
    void reference_in_the_request_line_is_written_as_is() {
        String body = BatchRequest.withId("B2", "/api/data/v9.2")
                .addChangeset("C2", List.of(
                        BatchOperation.post("contacts", "{}").withContentId("1"),
                        BatchOperation.patch("$1", "{\"lastname\":\"X\"}").withContentId("2")))
                .body();

        assertThat(body).contains("\r\nPATCH $1 HTTP/1.1\r\n");
    }

    @Test
    void continue_on_error_request_posts_to_batch_with_the_prefer_header() {
        BatchRequest batch = BatchRequest.withId("B3", "/api/data/v9.2/").add(BatchOperation.delete("contacts(1)"));

        DataverseRequest r = batch.toRequest(true);

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.target()).isEqualTo("$batch");
        assertThat(r.contentType()).isEqualTo("multipart/mixed; boundary=batch_B3");
        assertThat(r.headers()).containsEntry("Prefer", "odata.continue-on-error");
        assertThat(batch.toRequest(false).headers()).doesNotContainKey("Prefer");
    }

    @Test
    void a_batch_refuses_the_1001st_request() {
        BatchRequest batch = BatchRequest.withId("B4", "/api/data/v9.2/");
        for (int i = 0; i < 1000; i++) {
            batch.add(BatchOperation.get("WhoAmI"));
        }

        assertThatThrownBy(() -> batch.add(BatchOperation.get("WhoAmI")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1000");
    }

    @Test
    void a_changeset_refuses_get_requests() {
        assertThatThrownBy(() -> BatchRequest.withId("B5", "/api/data/v9.2/")
                .addChangeset("C5", List.of(BatchOperation.get("contacts"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
