package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry rules of the client against a scripted server: what is sent again, when, and what is not. */
class DataverseClientTest {

    record Seen(Instant at, String method, String path, String body) {
    }

    interface Script {
        void answer(HttpExchange ex, int n) throws IOException;
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Script script;
    private HttpServer server;
    private DefaultCamelContext camel;
    private DataverseConnection dv;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String raw = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            seen.add(new Seen(Instant.now(), ex.getRequestMethod(), raw,
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            script.answer(ex, count.incrementAndGet());
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    private void connect(String... settings) {
        DataverseSettings s = TestSettings.forUrl("http://127.0.0.1:" + server.getAddress().getPort(), settings);
        dv = DataverseConnection.open(camel, s, List.of("a"), List.of(new FixedTokenSource("t")), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (dv != null) {
            dv.close();
        }
        camel.stop();
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private static final String BUSY = "{\"error\":{\"code\":\"0x80040216\",\"message\":\"Server Busy\"}}";

    @Test
    void a_503_is_sent_again_after_its_retry_after() {
        connect();
        script = (ex, n) -> respond(ex, n == 1 ? 503 : 200, n == 1 ? Map.of("Retry-After", "1") : Map.of(),
                n == 1 ? BUSY : "{}");

        DataverseResponse r = dv.client().execute(DataverseRequest.post("contacts", "{\"lastname\":\"A\"}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).body()).isEqualTo(seen.get(0).body());
        assertThat(Duration.between(seen.get(0).at(), seen.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void a_window_budget_429_waits_its_retry_after_and_a_concurrency_429_also_halves_the_requests_in_flight() {
        connect("dataverse.client.initial-concurrency", "8");
        script = (ex, n) -> respond(ex, n == 1 || n == 3 ? 429 : 200, n == 1 || n == 3 ? Map.of("Retry-After", "1") : Map.of(),
                n == 1 ? "{\"error\":{\"code\":\"0x80072321\",\"message\":\"Combined execution time exceeded\"}}"
                        : n == 3 ? "{\"error\":{\"code\":\"0x80072326\",\"message\":\"Number of concurrent requests exceeded\"}}"
                        : "{}");
        ThrottlingBudget budget = dv.users().users().get(0).budget();

        dv.client().execute(DataverseRequest.post("contacts", "{}"));
        int afterExecutionLimit = budget.limit();
        dv.client().execute(DataverseRequest.post("contacts", "{}"));

        assertThat(afterExecutionLimit).isEqualTo(8);
        assertThat(budget.limit()).isEqualTo(4);
        assertThat(seen).hasSize(4);
        assertThat(Duration.between(seen.get(0).at(), seen.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        assertThat(Duration.between(seen.get(2).at(), seen.get(3).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void a_400_is_the_record_s_fault_and_is_not_sent_again() {
        connect();
        script = (ex, n) -> respond(ex, 400, Map.of(), "{\"error\":{\"code\":\"0x8004431A\",\"message\":\"bad choice\"}}");

        DataverseResponse r = dv.client().execute(DataverseRequest.post("contacts", "{}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().code()).isEqualTo("0x8004431A");
        assertThat(seen).hasSize(1);
    }

    @Test
    void a_retry_after_beyond_the_give_up_time_fails_at_once_as_retryable() {
        connect("dataverse.client.give-up-after-seconds", "2");
        script = (ex, n) -> respond(ex, 429, Map.of("Retry-After", "30"),
                "{\"error\":{\"code\":\"0x80072321\",\"message\":\"Combined execution time exceeded\"}}");

        assertThatThrownBy(() -> dv.client().execute(DataverseRequest.get("WhoAmI")))
                .isInstanceOfSatisfying(DataverseException.class, e -> {
                    assertThat(e.error().retryable()).isTrue();
                    assertThat(e.error().code()).isEqualTo("0x80072321");
                    assertThat(e.error().message()).contains("gave up");
                });
        assertThat(seen).hasSize(1);
        assertThat(dv.users().user("a").orElseThrow().budget().isBlocked()).isTrue();
    }

    @Test
    void a_time_out_is_sent_again_after_a_pause() {
        connect("dataverse.client.response-timeout-ms", "300");
        script = (ex, n) -> {
            if (n == 1) {
                try {
                    Thread.sleep(1_000); // longer than the response time-out: the client gives up on this answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            respond(ex, 200, Map.of(), "{\"UserId\":\"" + UUID.randomUUID() + "\"}");
        };

        DataverseResponse r = dv.client().execute(DataverseRequest.get("WhoAmI"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(seen).hasSize(2);
    }

    @Test
    void throttled_batch_parts_are_sent_again_and_only_they() {
        connect();
        String created = "HTTP/1.1 204 No Content\r\nOData-EntityId: http://h/api/data/v9.2/contacts(%s)\r\n\r\n";
        script = (ex, n) -> {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("sdkmessagefilters")) {
                respond(ex, 200, Map.of(), "{\"value\":[]}"); // no CreateMultiple for this table
                return;
            }
            String id1 = "11111111-1111-1111-1111-111111111111";
            String id2 = "22222222-2222-2222-2222-222222222222";
            String body = n == 2
                    ? "--r\r\nContent-Type: application/http\r\n\r\n" + created.formatted(id1) + "\r\n"
                            + "--r\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 429 Too Many Requests\r\n"
                            + "Retry-After: 1\r\nContent-Type: application/json\r\n\r\n"
                            + "{\"error\":{\"code\":\"0x80072322\",\"message\":\"Number of requests exceeded\"}}\r\n--r--\r\n"
                    : "--r\r\nContent-Type: application/http\r\n\r\n" + created.formatted(id2) + "\r\n--r--\r\n";
            respond(ex, 200, Map.of("Content-Type", "multipart/mixed; boundary=r"), body);
        };
        ObjectNode c1 = DataverseJson.object().put("lastname", "One");
        ObjectNode c2 = DataverseJson.object().put("lastname", "Two");

        List<WriteOutcome> out = dv.bulkWriter().create(TableRef.CONTACT,
                List.of(RecordWrite.of("1", null, c1), RecordWrite.of("2", null, c2)));

        assertThat(out).allSatisfy(o -> assertThat(o.ok()).isTrue());
        assertThat(out).extracting(o -> o.id().toString())
                .containsExactly("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222");
        assertThat(seen).hasSize(3);
        assertThat(seen.get(1).body()).contains("\"lastname\":\"One\"", "\"lastname\":\"Two\"");
        assertThat(seen.get(2).body()).contains("\"lastname\":\"Two\"").doesNotContain("\"lastname\":\"One\"");
        assertThat(Duration.between(seen.get(1).at(), seen.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }
}
