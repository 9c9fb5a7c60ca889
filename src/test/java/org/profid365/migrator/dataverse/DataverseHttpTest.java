package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against a bare JDK HTTP server that records exactly what arrives. */
class DataverseHttpTest {

    record Seen(String method, String rawUri, Map<String, String> headers, byte[] body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpExchange> answer = ex -> respond(ex, 200, Map.of(), "{}");
    private HttpServer server;
    private DefaultCamelContext camel;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> h.put(k, String.join(",", v)));
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()), h,
                    ex.getRequestBody().readAllBytes()));
            answer.accept(ex);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, Map<String, String> headers, String body) {
        try {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private DataverseHttp http(String... settings) {
        return new DataverseHttp(camel, TestSettings.forUrl(base, settings), 1);
    }

    @Test
    void every_request_carries_the_odata_headers_and_a_bearer_token() {
        DataverseHttp http = http();

        DataverseResponse r = http.send(DataverseRequest.post("contacts", "{\"lastname\":\"Ø\"}"), "tok-1", "a");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.appUser()).isEqualTo("a");
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.rawUri()).isEqualTo("/api/data/v9.2/contacts");
        assertThat(s.headers()).containsEntry("Accept", "application/json")
                .containsEntry("OData-MaxVersion", "4.0")
                .containsEntry("OData-Version", "4.0")
                .containsEntry("Authorization", "Bearer tok-1")
                .containsEntry("Content-Type", "application/json")
                .doesNotContainKey("MSCRM.BypassBusinessLogicExecution")
                .doesNotContainKey("MSCRM.SuppressCallbackRegistrationExpanderJob");
        assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo("{\"lastname\":\"Ø\"}");
    }

    @Test
    void migration_headers_are_sent_when_configured() {
        DataverseHttp http = http("dataverse.client.bypass-business-logic", "CustomSync,CustomAsync",
                "dataverse.client.suppress-callback-registration-expander-job", "true");

        http.send(DataverseRequest.get("WhoAmI"), "t", "a");

        assertThat(seen.get(0).headers()).containsEntry("MSCRM.BypassBusinessLogicExecution", "CustomSync,CustomAsync")
                .containsEntry("MSCRM.SuppressCallbackRegistrationExpanderJob", "true");
    }

    @Test
    void nothing_from_an_earlier_answer_reaches_the_next_request_and_no_cookie_is_kept() {
        DataverseHttp http = http();
        answer = ex -> respond(ex, 200, Map.of("Set-Cookie", "ARRAffinity=server7; Path=/", "X-Leak", "yes",
                "x-ms-service-request-id", "req-9"), "{}");

        DataverseResponse first = http.send(DataverseRequest.get("WhoAmI"), "t", "a");
        http.send(DataverseRequest.get("WhoAmI"), "t", "a");

        assertThat(first.requestId()).isEqualTo("req-9");
        assertThat(first.header("X-Leak")).contains("yes");
        assertThat(seen.get(1).headers()).doesNotContainKeys("Cookie", "X-Leak", "x-ms-service-request-id");
    }

    @Test
    void a_429_is_handed_back_and_never_resent_by_the_http_client() {
        DataverseHttp http = http();
        answer = ex -> respond(ex, 429, Map.of("Retry-After", "1"),
                "{\"error\":{\"code\":\"0x80072322\",\"message\":\"Number of requests exceeded the limit\"}}");

        DataverseResponse r = http.send(DataverseRequest.post("contacts", "{}"), "t", "a");

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).contains("1");
        assertThat(r.error().code()).isEqualTo("0x80072322");
        assertThat(seen).hasSize(1);
    }

    @Test
    void encoded_queries_and_absolute_next_links_arrive_unchanged() {
        DataverseHttp http = http();
        String query = ODataQuery.from("contacts").select("contactid")
                .filter("lastname eq " + ODataLiteral.string("O'Brien & Søn")).toPath();
        String nextLink = base + "/api/data/v9.2/contacts?$select=contactid&$skiptoken=%3Ccookie%20pagenumber=%222%22"
                + "%20pagingcookie=%22%253ccookie%2520page%253d%25221%2522%253e%22%20/%3E";

        http.send(DataverseRequest.get(query), "t", "a");
        http.send(DataverseRequest.get(nextLink), "t", "a");

        assertThat(seen.get(0).rawUri()).isEqualTo("/api/data/v9.2/" + query);
        assertThat(seen.get(0).rawUri()).contains("%27O%27%27Brien%20%26%20S%C3%B8n%27");
        assertThat(base + seen.get(1).rawUri()).isEqualTo(nextLink);
    }

    @Test
    void patch_and_delete_carry_their_condition_headers() {
        DataverseHttp http = http();
        answer = ex -> respond(ex, 204, Map.of(), "");

        http.send(DataverseRequest.patch("contacts(1)", "{}").withHeader("If-Match", "*"), "t", "a");
        http.send(DataverseRequest.delete("contacts(1)"), "t", "a");

        assertThat(seen.get(0).method()).isEqualTo("PATCH");
        assertThat(seen.get(0).headers()).containsEntry("If-Match", "*");
        assertThat(seen.get(1).method()).isEqualTo("DELETE");
        assertThat(seen.get(1).headers()).doesNotContainKey("If-Match");
    }

    @Test
    void a_batch_body_keeps_its_multipart_content_type_and_crlf_bytes() {
        DataverseHttp http = http();
        BatchRequest batch = BatchRequest.withId("X", "/api/data/v9.2/").add(BatchOperation.get("WhoAmI"));

        http.send(batch.toRequest(true), "t", "a");

        assertThat(seen.get(0).rawUri()).isEqualTo("/api/data/v9.2/$batch");
        assertThat(seen.get(0).headers()).containsEntry("Content-Type", "multipart/mixed; boundary=batch_X")
                .containsEntry("Prefer", "odata.continue-on-error");
        assertThat(new String(seen.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(batch.body());
    }

    @Test
    void a_large_answer_is_read_completely() {
        DataverseHttp http = http();
        String big = "{\"value\":[\"" + "x".repeat(3_000_000) + "\"]}";
        answer = ex -> respond(ex, 200, Map.of("Content-Type", "application/json"), big);

        DataverseResponse r = http.send(DataverseRequest.get("contacts"), "t", "a");

        assertThat(r.body()).hasSize(big.length());
        assertThat(r.header("content-type")).contains("application/json");
    }

    @Test
    void a_response_time_out_is_a_retryable_transport_error() {
        DataverseHttp http = http("dataverse.client.response-timeout-ms", "300");
        CountDownLatch release = new CountDownLatch(1);
        answer = ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, Map.of(), "{}");
        };
        try {
            assertThatThrownBy(() -> http.send(DataverseRequest.get("WhoAmI"), "t", "a"))
                    .isInstanceOfSatisfying(DataverseException.class, e -> {
                        assertThat(e.error().retryable()).isTrue();
                        assertThat(e.error().status()).isZero();
                        assertThat(e.error().message()).contains("timed out");
                    });
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_refused_connection_is_not_retryable() {
        server.stop(0);

        assertThatThrownBy(() -> http().send(DataverseRequest.get("WhoAmI"), "t", "a"))
                .isInstanceOfSatisfying(DataverseException.class, e -> assertThat(e.error().retryable()).isFalse());
    }
}
