package org.profid365.migrator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.assertj.core.groups.Tuple;
import org.profid365.migrator.profi.ExportFormatException;

class ProfiApiSimulatorTest {

    private static final String TOKEN = "test-token-123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST = "{\"workspace_id\":\"w1\",\"workspace_name\":\"Test\",\"workspace_type\":\"team\","
            + "\"exported_at\":\"2026-01-01T00:00:00Z\",\"timezone\":\"Europe/Berlin\",\"format_version\":1}";
    private static final byte[] CONTRACT_PDF = pdfBytes();

    @TempDir
    Path tmp;

    private Path export;
    private ProfiApiSimulator simulator;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void writeExport() throws IOException {
        export = tmp.resolve("export");
        Files.createDirectories(export.resolve("files/contracts"));
        Files.writeString(export.resolve("manifest.json"), MANIFEST);
        Files.writeString(export.resolve("clients.csv"), String.join("\r\n",
                "id,first_name,last_name,email,co_coach_emails,tags,lifecycle_stage,owner_email,created_at,updated_at,cf_goal",
                "c1,Anna,Muster,anna@example.com,,vip,active,coach@x.com,2025-01-01T09:00:00Z,2025-01-01T09:00:00Z,Run a marathon",
                "c2,Bob,O'Neil,bob@example.com,a@x.com;b@x.com,vip;founder,active,coach@x.com,2025-01-02T09:00:00Z,2025-06-01T10:00:00+02:00,",
                "c3,Chloé,\"Smith, Jr.\",chloe@example.com,,,prospect,coach@x.com,2025-01-03T09:00:00Z,2025-06-01T08:00:00Z,",
                "c4,Dmitri,Иванов,dmitri@example.com,,,alumni,coach@x.com,2025-01-04T09:00:00Z,2025-05-31T23:59:59Z,",
                "c5,Eve,,eve@example.com,,,paused,coach@x.com,2025-01-05T09:00:00Z,2025-07-01T12:00:00,\"multi",
                "line\"",
                "c6,Fay,Lee,fay@example.com,,,active,coach@x.com,2025-08-01T00:00:00Z,,",
                "c7,Gus,Kim,gus@example.com,,,active,coach@x.com,2025-01-07T09:00:00Z,not-a-date,") + "\r\n");
        Files.writeString(export.resolve("services.csv"), String.join("\n",
                "id,name,type,duration_minutes,price,currency,active",
                "sv1,Coaching,individual,60,120.50,EUR,true",
                "sv2,Group,group,ninety,\"12,5\",EUR,yes",
                "sv3,Tiny,individual,007,0.0000001,EUR,false") + "\n");
        Files.writeString(export.resolve("sessions.csv"), String.join("\n",
                "id,client_id,coach_email,start_at,duration_minutes,status,created_at,updated_at",
                "s1,c1,coach@x.com,2025-02-01T10:00:00Z,60,completed,2025-01-20T10:00:00Z,2025-02-01T11:00:00Z",
                "s2,c2,coach@x.com,2025-02-02T10:00:00Z,90,scheduled,2025-01-21T10:00:00Z,2025-07-01T11:00:00Z") + "\n");
        Files.writeString(export.resolve("files.csv"), String.join("\n",
                "id,client_id,filename,mime_type,size_bytes,path,url,created_at",
                "f1,c1,contract.pdf,application/pdf," + CONTRACT_PDF.length + ",contracts/c1.pdf,,2025-03-01T10:00:00Z",
                "f2,c2,video.mp4,video/mp4,,,https://cdn.example.com/v.mp4,2025-03-02T10:00:00Z",
                "f3,c3,gone.txt,text/plain,,contracts/missing.txt,,2025-03-03T10:00:00Z") + "\n");
        Files.write(export.resolve("files/contracts/c1.pdf"), CONTRACT_PDF);
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void pages_of_three_cover_all_clients_once_in_file_order() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        List<String> ids = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson("/v1/clients?page_size=3" + (cursor == null ? "" : "&cursor=" + cursor), 200);
            pageSizes.add(page.get("data").size());
            page.get("data").forEach(c -> ids.add(c.get("id").asText()));
            assertThat(page.has("next_cursor")).isTrue();
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(ids).containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7");
        assertThat(pageSizes).containsExactly(3, 3, 1);
    }

    @Test
    void every_page_size_gives_back_the_whole_file_without_duplicates() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        for (int size = 1; size <= 8; size++) {
            assertThat(collectIds("/v1/clients?page_size=" + size)).as("page size %d", size)
                    .containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7");
        }
        assertThat(collectIds("/v1/clients")).hasSize(7);
    }

    @Test
    void last_page_of_an_exact_multiple_has_a_null_cursor() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        JsonNode page = getJson("/v1/clients?page_size=7", 200);
        assertThat(page.get("data")).hasSize(7);
        assertThat(page.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void values_are_typed_by_column_and_text_cells_keep_their_exact_text() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        JsonNode clients = getJson("/v1/clients", 200).get("data");
        JsonNode bob = clients.get(1);
        assertThat(bob.get("co_coach_emails").isArray()).isTrue();
        assertThat(texts(bob.get("co_coach_emails"))).containsExactly("a@x.com", "b@x.com");
        assertThat(texts(bob.get("tags"))).containsExactly("vip", "founder");
        assertThat(bob.get("last_name").asText()).isEqualTo("O'Neil");
        assertThat(bob.has("cf_goal")).as("empty cells are omitted").isFalse();
        assertThat(clients.get(0).get("cf_goal").asText()).isEqualTo("Run a marathon");
        assertThat(clients.get(2).get("last_name").asText()).isEqualTo("Smith, Jr.");
        assertThat(clients.get(3).get("last_name").asText()).isEqualTo("Иванов");
        assertThat(clients.get(4).get("cf_goal").asText()).isEqualTo("multi\r\nline");
        assertThat(clients.get(6).get("updated_at").asText()).isEqualTo("not-a-date");
    }

    @Test
    void numbers_and_booleans_are_json_typed_and_malformed_ones_pass_through_as_strings() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        String body = get("/v1/services", TOKEN).body();
        // decimals are written exactly as in the CSV, trailing zero and all, never in exponent form
        assertThat(body).contains("\"price\":120.50").contains("\"price\":0.0000001");

        JsonNode services = JSON.readTree(body).get("data");
        JsonNode coaching = services.get(0);
        assertThat(coaching.get("duration_minutes").isIntegralNumber()).isTrue();
        assertThat(coaching.get("duration_minutes").asInt()).isEqualTo(60);
        assertThat(coaching.get("price").isNumber()).isTrue();
        assertThat(coaching.get("active").isBoolean()).isTrue();
        assertThat(coaching.get("active").booleanValue()).isTrue();
        assertThat(services.get(2).get("active").booleanValue()).isFalse();

        JsonNode group = services.get(1);
        assertThat(group.get("duration_minutes").isTextual()).isTrue();
        assertThat(group.get("duration_minutes").asText()).isEqualTo("ninety");
        assertThat(group.get("price").isTextual()).isTrue();
        assertThat(group.get("price").asText()).isEqualTo("12,5");
        assertThat(group.get("active").asText()).isEqualTo("yes");
        // a leading zero is not a JSON number: sending 7 would alter the cell
        assertThat(services.get(2).get("duration_minutes").isTextual()).isTrue();
        assertThat(services.get(2).get("duration_minutes").asText()).isEqualTo("007");
    }

    @Test
    void updated_since_returns_exactly_the_records_changed_at_or_after_it() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        // c2 (08:00Z via +02:00) and c3 sit on the boundary; c5 has no offset (Berlin, 10:00Z); c6 falls back to
        // created_at; c7's updated_at is malformed, so it is always sent
        assertThat(collectIds("/v1/clients?page_size=2&updated_since=2025-06-01T08:00:00Z"))
                .containsExactly("c2", "c3", "c5", "c6", "c7");
        assertThat(collectIds("/v1/clients?updated_since=2025-06-01T10:00:00%2B02:00"))
                .containsExactly("c2", "c3", "c5", "c6", "c7");
        assertThat(collectIds("/v1/clients?updated_since=2025-06-01T10:00:00+02:00"))
                .as("a literal plus is an offset, not a space")
                .containsExactly("c2", "c3", "c5", "c6", "c7");
        assertThat(collectIds("/v1/clients?updated_since=2025-07-01T10:00:00.000000001Z"))
                .containsExactly("c6", "c7");
        assertThat(collectIds("/v1/sessions?updated_since=2025-03-01T00:00:00Z")).containsExactly("s2");
        assertThat(collectIds("/v1/files?updated_since=2025-03-02T00:00:00Z")).containsExactly("f2", "f3");
    }

    @Test
    void requests_without_or_with_a_wrong_token_are_refused_with_401() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        HttpResponse<String> missing = send(HttpRequest.newBuilder(url("/v1/clients")).GET());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo("unauthorized");

        HttpResponse<String> wrong = get("/v1/clients", "not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(JSON.readTree(wrong.body()).at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(wrong.body()).doesNotContain(TOKEN);

        assertThat(simulator.requests()).extracting(RequestLogEntry::status).containsExactly(401, 401);
    }

    @Test
    void bad_page_size_cursor_or_updated_since_is_a_400_json_error() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN).withPageSizes(3, 5));
        assertError("/v1/clients?page_size=6", 400, "invalid_page_size");
        assertError("/v1/clients?page_size=0", 400, "invalid_page_size");
        assertError("/v1/clients?page_size=abc", 400, "invalid_page_size");
        assertError("/v1/clients?cursor=garbage", 400, "invalid_cursor");
        assertError("/v1/clients?updated_since=yesterday", 400, "invalid_updated_since");
        assertError("/v1/clients?updated_since=2025-06-01T08:00:00", 400, "invalid_updated_since");
        assertError("/v1/clients?page_size=1&page_size=2", 400, "duplicate_parameter");

        String sessionsCursor = getJson("/v1/sessions?page_size=1", 200).get("next_cursor").asText();
        assertError("/v1/clients?cursor=" + sessionsCursor, 400, "invalid_cursor");

        assertThat(getJson("/v1/clients", 200).get("data")).as("default page size").hasSize(3);
        assertThat(getJson("/v1/clients?page_size=5", 200).get("data")).hasSize(5);
    }

    @Test
    void unknown_collections_and_paths_are_404_and_writes_are_405() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        assertError("/v1/contacts", 404, "not_found");
        assertError("/v2/clients", 404, "not_found");
        assertError("/v1/clients/c1", 404, "not_found");
        assertError("/v1/files/nope/content", 404, "not_found");

        HttpResponse<String> post = send(HttpRequest.newBuilder(url("/v1/clients"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void missing_files_are_empty_collections_and_the_manifest_is_served() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        JsonNode participants = getJson("/v1/session_participants", 200);
        assertThat(participants.get("data")).isEmpty();
        assertThat(participants.get("next_cursor").isNull()).isTrue();

        JsonNode manifest = getJson("/v1/manifest", 200);
        assertThat(manifest.get("workspace_id").asText()).isEqualTo("w1");
        assertThat(manifest.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(manifest.get("format_version").asInt()).isEqualTo(1);
    }

    @Test
    void a_burst_over_the_rate_limit_gets_429_and_early_retries_are_refused_too() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN).withRateLimit(2.0, 1));
        HttpResponse<String> limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            HttpResponse<String> r = get("/v1/clients?page_size=1", TOKEN);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        long limitedAt = System.nanoTime();
        assertThat(limited).as("a burst of 10 at 2/s is limited").isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limited");

        HttpResponse<String> early = get("/v1/clients?page_size=1", TOKEN);
        assertThat(early.statusCode()).as("a retry before Retry-After has elapsed").isEqualTo(429);
        assertThat(early.headers().firstValue("Retry-After")).isPresent();

        int[] status = new int[1];
        awaitTrue(Duration.ofSeconds(5), () -> {
            status[0] = get("/v1/clients?page_size=1", TOKEN).statusCode();
            return status[0] == 200;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - limitedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        simulator.setRateLimit(0);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/v1/clients?page_size=1", TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_server_error_share_of_one_answers_503_with_retry_after() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN).withServerErrors(1.0, 7));
        HttpResponse<String> r = get("/v1/clients", TOKEN);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("service_unavailable");

        simulator.setServerErrorShare(0);
        assertThat(get("/v1/clients", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void the_same_seed_gives_the_same_server_errors() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN).withServerErrors(0.5, 42));
        List<Integer> first = statuses(20);
        simulator.close();
        start(ProfiApiSimulator.Options.defaults(TOKEN).withServerErrors(0.5, 42));
        assertThat(statuses(20)).isEqualTo(first).contains(200, 503);
    }

    @Test
    void file_content_is_the_exact_bytes_with_the_rows_mime_type() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url("/v1/files/f1/content"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(r.body()).isEqualTo(CONTRACT_PDF);

        assertError("/v1/files/f2/content", 404, "no_content");
        assertError("/v1/files/f3/content", 404, "attachment_missing");
    }

    @Test
    void a_zipped_export_is_served_like_the_directory() throws Exception {
        Path zip = tmp.resolve("export.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(export)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry("profi-export/" + export.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        simulator = ProfiApiSimulator.start(zip, ProfiApiSimulator.Options.defaults(TOKEN));
        assertThat(collectIds("/v1/clients?page_size=4")).containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7");
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url("/v1/files/f1/content"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.body()).isEqualTo(CONTRACT_PDF);
    }

    @Test
    void concurrent_clients_each_page_through_the_whole_collection() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int size = 1 + i % 4;
                results.add(clients.submit(() -> collectIds("/v1/clients?page_size=" + size)));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(simulator.requests()).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    }

    @Test
    void replaced_data_is_served_and_old_cursors_are_refused() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        String oldCursor = getJson("/v1/clients?page_size=2", 200).get("next_cursor").asText();

        Path later = tmp.resolve("later");
        Files.createDirectories(later);
        Files.writeString(later.resolve("manifest.json"), MANIFEST.replace("2026-01-01", "2026-02-01"));
        Files.writeString(later.resolve("clients.csv"), "id,first_name,updated_at\nc1,Anna,2026-01-15T00:00:00Z\nc8,Hal,2026-01-20T00:00:00Z\n");
        simulator.replaceData(later);

        assertThat(collectIds("/v1/clients?updated_since=2026-01-16T00:00:00Z")).containsExactly("c8");
        assertThat(getJson("/v1/manifest", 200).get("exported_at").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertError("/v1/clients?cursor=" + oldCursor, 400, "invalid_cursor");
        assertThat(getJson("/v1/services", 200).get("data")).isEmpty();

        assertThatThrownBy(() -> simulator.replaceData(tmp.resolve("nowhere"))).isInstanceOf(ExportFormatException.class);
        assertThat(collectIds("/v1/clients")).as("a failed replacement keeps the data").containsExactly("c1", "c8");
    }

    @Test
    void the_request_log_records_method_target_and_status() throws Exception {
        start(ProfiApiSimulator.Options.defaults(TOKEN));
        get("/v1/clients?page_size=2", TOKEN);
        get("/v1/nothing", TOKEN);
        assertThat(simulator.requests()).extracting(RequestLogEntry::method, RequestLogEntry::target, RequestLogEntry::status)
                .containsExactly(
                        Tuple.tuple("GET", "/v1/clients?page_size=2", 200),
                        Tuple.tuple("GET", "/v1/nothing", 404));
        assertThat(simulator.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + simulator.port());
    }

    @Test
    void options_never_show_the_token_and_reject_nonsense() {
        assertThat(ProfiApiSimulator.Options.defaults(TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(ProfiApiSimulator.Options.defaults(TOKEN))
                .extracting(o -> o.defaultPageSize(), o -> o.maxPageSize(), o -> o.rateLimitPerSecond(), o -> o.serverErrorShare())
                .containsExactly(500, 1000, 0.0, 0.0);
        assertThatThrownBy(() -> ProfiApiSimulator.Options.defaults(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProfiApiSimulator.Options.defaults(TOKEN).withServerErrors(1.5, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProfiApiSimulator.Options.defaults(TOKEN).withPageSizes(10, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void start(ProfiApiSimulator.Options options) throws IOException {
        simulator = ProfiApiSimulator.start(export, options);
    }

    private URI url(String pathAndQuery) {
        return URI.create(simulator.baseUrl() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(pathAndQuery)).header("Authorization", "Bearer " + token).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode getJson(String pathAndQuery, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery, TOKEN);
        assertThat(r.statusCode()).as("%s: %s", pathAndQuery, r.body()).isEqualTo(expectedStatus);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    private void assertError(String pathAndQuery, int status, String code) throws IOException, InterruptedException {
        JsonNode error = getJson(pathAndQuery, status).get("error");
        assertThat(error.get("code").asText()).as(pathAndQuery).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    /** Follows next_cursor to the end and returns the ids in the order served. */
    private List<String> collectIds(String firstPage) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String separator = firstPage.contains("?") ? "&" : "?";
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            JsonNode page = getJson(cursor == null ? firstPage : firstPage + separator + "cursor=" + cursor, 200);
            page.get("data").forEach(r -> ids.add(r.get("id").asText()));
            if (page.get("next_cursor").isNull()) {
                return ids;
            }
            cursor = page.get("next_cursor").asText();
        }
        throw new AssertionError("pagination of " + firstPage + " did not end");
    }

    private List<Integer> statuses(int count) throws IOException, InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(get("/v1/manifest", TOKEN).statusCode());
        }
        return statuses;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @FunctionalInterface
    private interface Probe {
        boolean test() throws Exception;
    }

    /** Polls a condition until it holds or the timeout passes: a wait on a condition, not a fixed sleep. */
    private static void awaitTrue(Duration timeout, Probe condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static byte[] pdfBytes() {
        byte[] bytes = new byte[3000];
        byte[] header = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31); // every byte value, including 0 and 0xFF
        }
        return bytes;
    }
}
