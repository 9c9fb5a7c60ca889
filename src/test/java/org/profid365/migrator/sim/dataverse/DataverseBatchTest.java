package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataverseBatchTest {

    private static final String ACCOUNT = "00000000-0000-0000-0000-000000000001";
    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private DataverseSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = DataverseSimulator.start(DataverseSimOptions.defaults());
        client = new SimClient(simulator, "migration");
        client.post("accounts", "{\"accountid\":\"" + ACCOUNT + "\",\"name\":\"Batch account\"}");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void golden_batch_round_trip_with_change_set_reference_and_query() {
        String request = crlf("""
                --batch_AAA123
                Content-Type: multipart/mixed; boundary=changeset_BBB456

                --changeset_BBB456
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 1

                POST /api/data/v9.2/tasks HTTP/1.1
                Content-Type: application/json; type=entry

                {"subject":"Task 1 in batch","regardingobjectid_account_task@odata.bind":"accounts(%s)"}
                --changeset_BBB456
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 2

                PATCH $1 HTTP/1.1
                Content-Type: application/json; type=entry

                {"description":"patched"}
                --changeset_BBB456--
                --batch_AAA123
                Content-Type: application/http
                Content-Transfer-Encoding: binary

                GET /api/data/v9.2/tasks?$select=subject,description HTTP/1.1


                --batch_AAA123--
                """.formatted(ACCOUNT));

        SimClient.Reply reply = batch(request, "batch_AAA123");

        String expected = crlf("""
                --batchresponse_<id1>
                Content-Type: multipart/mixed; boundary=changesetresponse_<id2>

                --changesetresponse_<id2>
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 1

                HTTP/1.1 204 No Content
                OData-Version: 4.0
                Location: <base>tasks(<id3>)
                OData-EntityId: <base>tasks(<id3>)


                --changesetresponse_<id2>
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 2

                HTTP/1.1 204 No Content
                OData-Version: 4.0
                Location: <base>tasks(<id3>)
                OData-EntityId: <base>tasks(<id3>)


                --changesetresponse_<id2>--
                --batchresponse_<id1>
                Content-Type: application/http
                Content-Transfer-Encoding: binary

                HTTP/1.1 200 OK
                Content-Type: application/json; odata.metadata=minimal; odata.streaming=true
                OData-Version: 4.0

                {"@odata.context":"<base>$metadata#tasks(subject,description)","value":[{"@odata.etag":"W/\\"<etag>\\"","subject":"Task 1 in batch","description":"patched","activityid":"<id3>"}]}
                --batchresponse_<id1>--
                """);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("multipart/mixed; boundary=batchresponse_");
        assertThat(normalize(reply.body())).isEqualTo(expected);
    }

    @Test
    void lf_only_body_is_refused_with_400_stream_not_readable() {
        String request = """
                --batch_LF
                Content-Type: application/http
                Content-Transfer-Encoding: binary

                POST /api/data/v9.2/accounts HTTP/1.1
                Content-Type: application/json; type=entry

                {"name":"lf"}
                --batch_LF--
                """;

        SimClient.Reply reply = batch(request, "batch_LF");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("HTTP/1.1 400 Bad Request\r\n")
                .contains("{\"error\":{\"code\":\"0x80048d19\",\"message\":\"Error identified in Payload provided by the user for Entity :'accounts'")
                .contains("InnerException : System.ArgumentException: Stream was not readable.");
        assertThat(client.get("accounts?$select=name").json().path("value").findValuesAsText("name")).containsExactly("Batch account");
    }

    @Test
    void missing_crlf_after_the_closing_delimiter_is_refused_too() {
        String request = crlf("""
                --batch_X
                Content-Type: application/http
                Content-Transfer-Encoding: binary

                GET /api/data/v9.2/accounts HTTP/1.1


                --batch_X--""");

        assertThat(batch(request, "batch_X").status()).isEqualTo(400);
    }

    @Test
    void without_continue_on_error_the_batch_stops_at_the_first_failure_with_400() {
        SimClient.Reply reply = batch(threeTasks(), "batch_E");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("{\"error\":{\"code\":\"0x80044331\",\"message\":\"A validation error occurred.  The length "
                + "of the 'subject' attribute of the 'task' entity exceeded the maximum allowed length of '200'.\"}}");
        assertThat(reply.body().split("HTTP/1.1 ", -1)).hasSize(2);
        assertThat(client.get("tasks").json().path("value")).isEmpty();
    }

    @Test
    void with_continue_on_error_every_request_is_answered_in_order() {
        SimClient.Reply reply = batch(threeTasks(), "batch_E", "Prefer", "odata.continue-on-error");

        assertThat(reply.status()).isEqualTo(200);
        String body = reply.body();
        int error = body.indexOf("HTTP/1.1 400 Bad Request");
        int second = body.indexOf("HTTP/1.1 204 No Content");
        int third = body.indexOf("HTTP/1.1 204 No Content", second + 1);
        assertThat(error).isPositive().isLessThan(second);
        assertThat(third).isGreaterThan(second);
        assertThat(client.get("tasks?$select=subject").json().path("value").findValuesAsText("subject"))
                .containsExactlyInAnyOrder("Task 2", "Task 3");
    }

    @Test
    void a_failing_change_set_writes_nothing() {
        String request = crlf("""
                --batch_C
                Content-Type: multipart/mixed; boundary=changeset_C

                --changeset_C
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 1

                POST /api/data/v9.2/contacts HTTP/1.1
                Content-Type: application/json

                {"lastname":"Kept?"}
                --changeset_C
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 2

                POST /api/data/v9.2/contacts HTTP/1.1
                Content-Type: application/json

                {"lastname":"L","gendercode":9}
                --changeset_C--
                --batch_C--
                """);

        SimClient.Reply reply = batch(request, "batch_C");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("0x8004431A");
        assertThat(client.get("contacts").json().path("value")).isEmpty();
    }

    @Test
    void content_id_reference_binds_a_row_created_earlier_in_the_change_set() {
        String request = crlf("""
                --batch_R
                Content-Type: multipart/mixed; boundary=changeset_R

                --changeset_R
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 1

                POST %saccounts HTTP/1.1
                Content-Type: application/json

                {"name":"Parent"}
                --changeset_R
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 2

                POST %scontacts HTTP/1.1
                Content-Type: application/json

                {"lastname":"Child","parentcustomerid_account@odata.bind":"$1"}
                --changeset_R--
                --batch_R--
                """.formatted(simulator.baseUrl(), simulator.baseUrl()));

        SimClient.Reply reply = batch(request, "batch_R");

        assertThat(reply.status()).isEqualTo(200);
        String parent = client.get("accounts?$select=accountid&$filter=name%20eq%20'Parent'").json().path("value").get(0)
                .path("accountid").asText();
        assertThat(client.get("contacts?$select=_parentcustomerid_value").json().path("value").get(0)
                .path("_parentcustomerid_value").asText()).isEqualTo(parent);
    }

    @Test
    void reference_to_an_undeclared_content_id_is_400() {
        String request = crlf("""
                --batch_U
                Content-Type: multipart/mixed; boundary=changeset_U

                --changeset_U
                Content-Type: application/http
                Content-Transfer-Encoding: binary
                Content-ID: 2

                POST /api/data/v9.2/contacts HTTP/1.1
                Content-Type: application/json

                {"lastname":"Child","parentcustomerid_account@odata.bind":"$1"}
                --changeset_U--
                --batch_U--
                """);

        SimClient.Reply reply = batch(request, "batch_U");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("Content-ID Reference: '$1' does not exist in the batch context.");
    }

    @Test
    void more_than_1000_requests_are_refused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            body.append("--batch_M\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .append("GET /api/data/v9.2/WhoAmI HTTP/1.1\r\n\r\n\r\n");
        }
        body.append("--batch_M--\r\n");

        SimClient.Reply reply = batch(body.toString(), "batch_M");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("at most 1000");
    }

    @Test
    void a_batch_is_one_request_costing_its_parts() {
        batch(threeTasks(), "batch_E", "Prefer", "odata.continue-on-error");

        DataverseRequestLog last = simulator.requests().get(simulator.requests().size() - 1);
        assertThat(last.path()).endsWith("$batch");
        assertThat(last.records()).isEqualTo(2);
    }

    private String threeTasks() {
        StringBuilder body = new StringBuilder();
        String[] subjects = {"x".repeat(201), "Task 2", "Task 3"};
        for (String subject : subjects) {
            body.append("--batch_E\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .append("POST /api/data/v9.2/tasks HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n")
                    .append("{\"subject\":\"").append(subject).append("\",\"regardingobjectid_account_task@odata.bind\":\"accounts(")
                    .append(ACCOUNT).append(")\"}\r\n");
        }
        return body.append("--batch_E--\r\n").toString();
    }

    private SimClient.Reply batch(String body, String boundary, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.resolve("$batch"))
                .header("Authorization", "Bearer " + client.token)
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0")
                .header("Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.exchange(request.build());
    }

    private static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    /** Generated ids become <id1>, <id2>… in order of appearance; the base URL becomes <base>; etags <etag>. */
    private String normalize(String body) {
        String text = body.replace(simulator.baseUrl().toString(), "<base>");
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = UUIDS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = names.computeIfAbsent(m.group(), id -> "<id" + (names.size() + 1) + ">");
            m.appendReplacement(out, Matcher.quoteReplacement(name));
        }
        m.appendTail(out);
        return out.toString().replaceAll("W/\\\\\"\\d+\\\\\"", "W/\\\\\"<etag>\\\\\"");
    }
}
