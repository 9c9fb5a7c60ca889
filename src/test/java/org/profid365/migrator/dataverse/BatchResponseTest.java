package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchResponseTest {

    private static final String CONTINUE_ON_ERROR_ANSWER = ""
            + "--batchresponse_f44b\r\n"
            + "Content-Type: application/http\r\n"
            + "Content-Transfer-Encoding: binary\r\n"
            + "\r\n"
            + "HTTP/1.1 400 Bad Request\r\n"
            + "REQ_ID: de4c5227-4a28-4ebd-8ced-3392ece1697b\r\n"
            + "Content-Type: application/json; odata.metadata=minimal\r\n"
            + "OData-Version: 4.0\r\n"
            + "\r\n"
            + "{\"error\":{\"code\":\"0x80044331\",\"message\":\"The length of the 'subject' attribute exceeded 200.\"}}\r\n"
            + "--batchresponse_f44b\r\n"
            + "Content-Type: application/http\r\n"
            + "Content-Transfer-Encoding: binary\r\n"
            + "\r\n"
            + "HTTP/1.1 204 No Content\r\n"
            + "OData-Version: 4.0\r\n"
            + "Location: https://org.crm4.dynamics.com/api/data/v9.2/tasks(aed2ae8b-3c94-ed11-aad1-000d3a9933c9)\r\n"
            + "OData-EntityId: https://org.crm4.dynamics.com/api/data/v9.2/tasks(aed2ae8b-3c94-ed11-aad1-000d3a9933c9)\r\n"
            + "\r\n"
            + "\r\n"
            + "--batchresponse_f44b--\r\n";

    @Test
    void continue_on_error_answer_gives_one_part_per_request_in_order() {
        List<BatchResponse.Part> parts = BatchResponse.parse("multipart/mixed; boundary=batchresponse_f44b",
                CONTINUE_ON_ERROR_ANSWER).parts();

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).status()).isEqualTo(400);
        assertThat(parts.get(0).error().code()).isEqualTo("0x80044331");
        assertThat(parts.get(0).error().message()).contains("subject");
        assertThat(parts.get(0).requestId()).isEqualTo("de4c5227-4a28-4ebd-8ced-3392ece1697b");
        assertThat(parts.get(1).isSuccess()).isTrue();
        assertThat(parts.get(1).entityId()).contains(UUID.fromString("aed2ae8b-3c94-ed11-aad1-000d3a9933c9"));
        assertThat(parts.get(1).body()).isEmpty();
    }

    @Test
    void changeset_answers_are_flattened_with_their_content_ids() {
        String body = ""
                + "--batchresponse_3cac\n"
                + "Content-Type: multipart/mixed; boundary=changesetresponse_1a5d\n"
                + "\n"
                + "--changesetresponse_1a5d\n"
                + "Content-Type: application/http\n"
                + "Content-Transfer-Encoding: binary\n"
                + "Content-ID: 1\n"
                + "\n"
                + "HTTP/1.1 204 No Content\n"
                + "OData-EntityId: [Organization URI]/api/data/v9.2/leads(425195a4-7a75-e911-a97a-000d3a34a1bd)\n"
                + "\n"
                + "--changesetresponse_1a5d\n"
                + "Content-Type: application/http\n"
                + "Content-Transfer-Encoding: binary\n"
                + "Content-ID: 2\n"
                + "\n"
                + "HTTP/1.1 204 No Content\n"
                + "OData-EntityId: [Organization URI]/api/data/v9.2/contacts(495195a4-7a75-e911-a97a-000d3a34a1bd)\n"
                + "\n"
                + "--changesetresponse_1a5d--\n"
                + "--batchresponse_3cac\n"
                + "Content-Type: application/http\n"
                + "Content-Transfer-Encoding: binary\n"
                + "\n"
                + "HTTP/1.1 200 OK\n"
                + "Content-Type: application/json; odata.metadata=minimal\n"
                + "\n"
                + "{\"value\":[{\"subject\":\"Task 1\"}]}\n"
                + "--batchresponse_3cac--\n";

        List<BatchResponse.Part> parts = BatchResponse.parse("multipart/mixed; boundary=\"batchresponse_3cac\"", body)
                .parts();

        assertThat(parts).extracting(BatchResponse.Part::contentId).containsExactly("1", "2", null);
        assertThat(parts).extracting(BatchResponse.Part::status).containsExactly(204, 204, 200);
        assertThat(parts.get(1).entityId()).contains(UUID.fromString("495195a4-7a75-e911-a97a-000d3a34a1bd"));
        assertThat(parts.get(2).body()).isEqualTo("{\"value\":[{\"subject\":\"Task 1\"}]}");
    }

    @Test
    void a_boundary_string_inside_a_json_body_does_not_split_the_part() {
        String body = ""
                + "--b\r\n"
                + "Content-Type: application/http\r\n"
                + "\r\n"
                + "HTTP/1.1 200 OK\r\n"
                + "\r\n"
                + "{\"note\":\"see --b for details\"}\r\n"
                + "--b--\r\n";

        List<BatchResponse.Part> parts = BatchResponse.parse("multipart/mixed; boundary=b", body).parts();

        assertThat(parts).singleElement().extracting(BatchResponse.Part::body)
                .isEqualTo("{\"note\":\"see --b for details\"}");
    }
}
