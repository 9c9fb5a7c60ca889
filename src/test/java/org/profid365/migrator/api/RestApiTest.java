package org.profid365.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.api.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.load.LoadStage;

/**
 * The REST API of {@code serve} over real HTTP, against the embedded PostgreSQL and the Dataverse simulator. The
 * ordered tests follow an operator: refused before approval, approve what was reviewed, load, look at the dead
 * letters and replay them, read the reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestApiTest {

    ApiFixture f;

    @BeforeAll
    void serve(@TempDir Path tmp) throws Exception {
        f = ApiFixture.start(tmp, 25, 7);
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void every_call_needs_the_bearer_token_and_none_echoes_it() throws Exception {
        HttpResponse<String> none = f.send("GET", "/api/runs", null, null);
        HttpResponse<String> wrong = f.send("GET", "/api/runs", null, "not-the-token-0123456789");
        HttpResponse<String> right = f.get("/api/runs");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"profi-d365-migrator\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json(none).path("error").asText()).isEqualTo("unauthorized");
        assertThat(json(none).path("detail").asText()).contains("Authorization: Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).path("detail").asText()).isEqualTo("the token is not the API token (migrator.api.token)");
        assertThat(f.send("POST", "/api/operations/inventory", "{}", null).statusCode()).isEqualTo(401);
        assertThat(f.send("GET", "/api/reports", null, null).statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().map().keySet()).doesNotContain("authorization", "Authorization");
        assertThat(right.body()).doesNotContain(ApiFixture.TOKEN);
        // the console's files hold no data and need no token
        HttpResponse<String> console = f.send("GET", "/console/", null, null);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(f.send("GET", "/", null, null).statusCode()).isEqualTo(302);
    }

    @Test
    @Order(2)
    void bad_requests_get_a_4xx_with_error_and_detail() throws Exception {
        assertProblem(f.get("/api/runs/abc"), 400, "invalid parameter", "'id' must be a whole number, not 'abc'");
        assertProblem(f.get("/api/runs/987654"), 404, "no such run", "run 987654 is not in the ledger");
        assertProblem(f.get("/api/runs?limit=0"), 400, "invalid parameter", "'limit' must be from 1 to 500");
        assertProblem(f.post("/api/operations/teleport", "{}"), 404, "no such operation", "'teleport' is not an operation");
        assertProblem(f.post("/api/operations/inventory", "[1]"), 400, "invalid JSON", "must be a JSON object");
        assertProblem(f.post("/api/operations/inventory", "{nope"), 400, "invalid JSON", "not JSON");
        assertProblem(f.post("/api/operations/inventory", "{\"size\": 3}"), 400, "unknown parameter",
                "operation 'inventory' takes no parameters, not [size]");
        assertProblem(f.post("/api/operations/replay", "{\"stage\": 3}"), 400, "invalid parameter", "'stage' must be text");
        assertProblem(f.get("/api/dead-letters?payload=maybe"), 400, "invalid parameter", "'payload' must be true or false");
        assertProblem(f.post("/api/mapping/approval", "{}"), 400, "sha256 required", "\"sha256\"");
        assertProblem(f.get("/api/nothing-here"), 404, "not found", "GET /api/nothing-here is not part of the API");
        assertProblem(f.send("DELETE", "/api/runs", null, ApiFixture.TOKEN), 404, "not found", "DELETE /api/runs");
        assertProblem(f.get("/api/reports/nothing.html"), 404, "no such report", "'nothing.html'");
    }

    @Test
    @Order(3)
    void a_load_refused_by_the_preflight_is_a_409_and_opens_no_run() throws Exception {
        HttpResponse<String> r = f.post("/api/operations/full", "{}");

        assertProblem(r, 409, "preflight failed", "has not been approved");
        assertThat(json(f.get("/api/runs?kind=full")).path("runs")).isEmpty();
        assertThat(json(f.get("/api/operations")).path("running").isNull()).isTrue();
    }

    @Test
    @Order(4)
    void approving_with_a_hash_that_is_not_the_files_is_a_409_and_approves_nothing() throws Exception {
        JsonNode mapping = json(f.get("/api/mapping"));
        String sha = mapping.path("sha256").asText();
        assertThat(sha).hasSize(64);
        assertThat(mapping.path("approval").isNull()).isTrue();
        assertThat(mapping.path("summary").path("fieldsMapped").asInt()).isPositive();
        assertThat(mapping.path("fields").get(0).path("confidence").isMissingNode()).isFalse();

        String other = "0".repeat(64);
        assertProblem(f.post("/api/mapping/approval", "{\"sha256\": \"" + other + "\"}"), 409, "mapping changed",
                "now has SHA-256 " + sha + ", not the reviewed " + other);
        assertThat(json(f.get("/api/mapping")).path("approval").isNull()).isTrue();

        HttpResponse<String> ok = f.post("/api/mapping/approval", "{\"sha256\": \"" + sha + "\", \"approvedBy\": \"ops@test\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(f.get("/api/mapping")).path("approval").path("approvedBy").asText()).isEqualTo("ops@test");
    }

    @Test
    @Order(5)
    void a_full_load_started_over_http_answers_at_once_and_runs_to_completion() throws Exception {
        long staged = countPendingWrittenTypes();

        HttpResponse<String> started = f.post("/api/operations/full", "");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long runId = json(started).path("run").asLong();
        assertThat(runId).isPositive();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/runs/" + runId);
        JsonNode first = json(f.get("/api/runs/" + runId));
        if (first.path("status").asText().equals("running")) { // a load of 25 clients takes seconds, this call not
            assertThat(first.path("live").asBoolean()).as(first.toString()).isTrue();
            assertThat(first.path("stages")).hasSize(LoadStage.values().length); // pending stages too, for the bars
        }
        JsonNode run = f.awaitRun(runId, 240);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("kind").asText()).isEqualTo("full");
        assertThat(run.path("operation").asText()).isEqualTo("full");
        List<String> stages = new ArrayList<>();
        long landed = 0;
        long rejected = 0;
        for (JsonNode s : run.path("stages")) {
            stages.add(s.path("name").asText());
            assertThat(s.path("state").asText()).isEqualTo("done");
            assertThat(s.path("done").asLong()).isEqualTo(s.path("total").asLong());
            assertThat(s.path("percent").asDouble()).isEqualTo(100.0);
            landed += s.path("landed").asLong();
            rejected += s.path("rejected").asLong();
        }
        assertThat(stages).containsExactly(java.util.Arrays.stream(LoadStage.values()).map(LoadStage::stageName).toArray(String[]::new));
        assertThat(landed + rejected).isEqualTo(staged);
        assertThat(run.path("output").toString()).contains("Entitlement");
        JsonNode list = json(f.get("/api/runs?kind=full&limit=5")).path("runs");
        assertThat(list.get(0).path("id").asLong()).isEqualTo(runId);
        assertThat(json(f.get("/api/operations")).path("running").isNull()).isTrue();
    }

    @Test
    @Order(6)
    void dead_letters_are_listed_with_their_reasons_and_replayed_as_a_run() throws Exception {
        JsonNode letters = json(f.get("/api/dead-letters?limit=5"));
        long open = letters.path("open").asLong();
        assertThat(open).isPositive(); // the generated export plants records Dataverse or staging refuse
        assertThat(letters.path("items")).hasSizeLessThanOrEqualTo(5);
        assertThat(letters.path("items").get(0).path("reason").asText()).isNotBlank();
        assertThat(letters.path("items").get(0).has("payload")).isFalse();
        assertThat(json(f.get("/api/dead-letters?limit=1&payload=true")).path("items").get(0).has("payload")).isTrue();
        long sum = 0;
        for (JsonNode c : letters.path("counts")) {
            sum += c.path("open").asLong();
        }
        assertThat(sum).isEqualTo(open);

        HttpResponse<String> replay = f.post("/api/dead-letters/replay", "{}");

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        JsonNode run = f.awaitRun(json(replay).path("run").asLong(), 120);
        assertThat(run.path("kind").asText()).isEqualTo("replay");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(7)
    void one_long_operation_at_a_time_the_second_start_is_a_409() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        f.operations().register("test-hold", "opens a run and waits for the test", List.of(), (env, p) -> {
            long run = env.openRun("test-hold", "held");
            release.await(60, TimeUnit.SECONDS);
            env.succeeded(run, Map.of("held", true));
            return run;
        });
        HttpResponse<String> first = f.post("/api/operations/test-hold", "{}");
        assertThat(first.statusCode()).isEqualTo(202);
        long runId = json(first).path("run").asLong();
        try {
            assertThat(json(f.get("/api/runs/" + runId)).path("status").asText()).isEqualTo("running");
            assertThat(json(f.get("/api/operations")).path("running").path("run").asLong()).isEqualTo(runId);

            HttpResponse<String> second = f.post("/api/operations/inventory", "{}");

            assertProblem(second, 409, "an operation is running", "'test-hold' (run " + runId + ")");
        } finally {
            release.countDown();
        }
        assertThat(f.awaitRun(runId, 30).path("status").asText()).isEqualTo("succeeded");
        assertThat(f.post("/api/operations/inventory", "{}").statusCode()).isEqualTo(202);
    }

    @Test
    @Order(8)
    void reports_are_listed_and_served_and_nothing_outside_their_folder() throws Exception {
        HttpResponse<String> inv = f.post("/api/operations/inventory", "{}");
        if (inv.statusCode() == 409) { // the inventory of the previous test may still be closing
            f.awaitRun(json(f.get("/api/operations")).path("running").path("run").asLong(), 60);
            inv = f.post("/api/operations/inventory", "{}");
        }
        assertThat(inv.statusCode()).as(inv.body()).isEqualTo(202);
        assertThat(f.awaitRun(json(inv).path("run").asLong(), 60).path("status").asText()).isEqualTo("succeeded");
        Path secret = Files.writeString(f.work.resolve("secret.txt"), "not a report");
        Files.createSymbolicLink(f.work.resolve("reports/link.txt"), secret);

        JsonNode reports = json(f.get("/api/reports")).path("reports");
        HttpResponse<String> html = f.get("/api/reports/inventory.html");

        assertThat(reports.findValuesAsText("path")).contains("inventory.html", "inventory.json").doesNotContain("link.txt");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).contains("<html");
        assertThat(f.get("/api/reports/link.txt").statusCode()).isEqualTo(404);
        for (String path : List.of("/api/reports/../secret.txt", "/api/reports/%2e%2e/secret.txt", "/api/reports/..%2fsecret.txt",
                "/api/reports/sub/..%2f..%2fsecret.txt")) {
            HttpResponse<String> r = f.get(path);
            assertThat(r.statusCode()).as(path).isBetween(400, 404);
            assertThat(r.body()).as(path).doesNotContain("not a report");
        }
    }

    @Test
    @Order(9)
    void a_rollback_without_confirmation_and_a_sample_without_its_size_are_400s_and_start_nothing() throws Exception {
        assertProblem(f.post("/api/operations/rollback", "{}"), 400, "confirmation required",
                "start it with {\"confirm\": true}");
        assertProblem(f.post("/api/operations/rollback", "{\"confirm\": false}"), 400, "confirmation required", "confirm");
        assertProblem(f.post("/api/operations/rollback", "{\"confirm\": \"yes\"}"), 400, "invalid parameter",
                "'confirm' must be true or false");
        assertProblem(f.post("/api/operations/rollback", "{\"confirm\": true, \"preExisting\": \"keep\"}"), 400,
                "invalid parameter", "'preExisting' must be unlink or stop, not 'keep'");
        assertProblem(f.post("/api/operations/sample", "{}"), 400, "missing parameter", "'size' is required");
        assertProblem(f.post("/api/operations/sample", "{\"size\": 0}"), 400, "invalid parameter",
                "'size' must be a whole number from 1 to 100000, not 0");

        assertThat(json(f.get("/api/runs?kind=rollback")).path("runs")).isEmpty();
        assertThat(json(f.get("/api/runs?kind=sample")).path("runs")).isEmpty();
        assertThat(json(f.get("/api/operations")).path("running").isNull()).isTrue();
        List<String> names = new ArrayList<>();
        json(f.get("/api/operations")).path("operations").forEach(o -> names.add(o.path("name").asText()));
        assertThat(names).containsExactly("inventory", "propose-map", "full", "replay", "sample", "verify", "delta", "rollback",
                        "test-hold");
    }

    @Test
    @Order(10)
    void verify_and_a_delta_started_over_http_are_runs_of_their_kind_with_their_reports() throws Exception {
        HttpResponse<String> verify = f.post("/api/operations/verify", "{}");

        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(202);
        JsonNode verified = f.awaitRun(json(verify).path("run").asLong(), 120);
        assertThat(verified.path("kind").asText()).isEqualTo("verify");
        assertThat(verified.path("status").asText()).as(verified.toString()).isEqualTo("succeeded");
        assertThat(verified.path("output").toString()).contains("Records per object type", "verify.html");
        assertThat(json(f.get("/api/reports")).path("reports").findValuesAsText("path")).contains("verify.html", "verify.json");
        assertThat(f.get("/api/reports/verify.html").body()).contains("<h1>");

        // the export the fixture staged, again: nothing changed, so the delta writes nothing
        java.time.Instant before = java.time.Instant.now();
        HttpResponse<String> delta = f.post("/api/operations/delta", "{\"source\": \""
                + f.work.resolveSibling("export").toString().replace("\\", "\\\\") + "\"}");

        assertThat(delta.statusCode()).as(delta.body()).isEqualTo(202);
        JsonNode run = f.awaitRun(json(delta).path("run").asLong(), 120);
        assertThat(run.path("kind").asText()).isEqualTo("delta");
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("output").toString()).contains("Delta run " + run.path("id").asLong() + " succeeded",
                "nothing written");
        assertThat(f.sim.requests().stream().filter(r -> !r.start().isBefore(before) && !r.method().equals("GET"))).isEmpty();
    }

    private long countPendingWrittenTypes() throws Exception {
        try (var c = f.ctx.store().connection(); var ps = c.prepareStatement("select count(*) from staged_with_state where "
                + "migration_id = ? and load_state = 'pending' and object_type in ('coach','company','client','enrollment',"
                + "'payment','invoice','session','note','file')")) {
            ps.setLong(1, f.ctx.migration().id());
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String error, String detailContains) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("detail").asText()).contains(detailContains);
    }
}
