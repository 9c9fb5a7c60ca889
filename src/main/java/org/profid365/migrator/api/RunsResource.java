package org.profid365.migrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Header;
import org.profid365.migrator.load.LoadProgress;
import org.profid365.migrator.load.LoadStage;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.store.RunHistory;

/**
 * The bean {@code apiRuns}: the ledger's runs with their per-stage progress. A load running in this process shows
 * its live counters (done, rate, ETA); a finished one the counters the ledger kept.
 */
public final class RunsResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;

    private final MigratorContext ctx;
    private final Operations operations;
    private final RunHistory history;

    public RunsResource(MigratorContext ctx, Operations operations) {
        this.ctx = ctx;
        this.operations = operations;
        this.history = new RunHistory(ctx.store().dataSource());
    }

    public ApiResponse list(@Header("kind") String kind, @Header("limit") String limit) throws Exception {
        int n = (int) Query.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        String k = kind == null || kind.isBlank() ? null : kind.strip();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (RunHistory.Run r : history.latest(ctx.migration().id(), k, n)) {
            runs.add(view(r, false));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", runs);
        return ApiResponse.ok(body);
    }

    public ApiResponse show(@Header("id") String id) throws Exception {
        long runId = Query.number("id", id, 0, 1, Long.MAX_VALUE);
        RunHistory.Run r = history.find(ctx.migration().id(), runId)
                .orElseThrow(() -> ApiProblem.notFound("no such run", "run " + runId + " is not in the ledger of migration '"
                        + ctx.migration().name() + "'"));
        return ApiResponse.ok(view(r, true));
    }

    private Map<String, Object> view(RunHistory.Run r, boolean withOutput) {
        Optional<Operations.Execution> exec = operations.byRun(r.id());
        Optional<LoadProgress> live = operations.liveProgress(r.id());
        JsonNode counters = ApiJson.tree(r.countersJson());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("kind", r.kind());
        // the operation that opened the run may still be closing (connections, files) after the ledger says done
        boolean closing = exec.isPresent() && !exec.get().finished();
        v.put("status", closing && !"running".equals(r.status()) ? "running" : r.status());
        v.put("live", live.isPresent());
        v.put("startedAt", r.startedAt());
        v.put("finishedAt", r.finishedAt());
        Instant end = r.finishedAt() != null ? r.finishedAt() : Instant.now();
        v.put("elapsedSeconds", r.startedAt() == null ? null : Duration.between(r.startedAt(), end).toMillis() / 1000.0);
        v.put("detail", r.detail());
        v.put("host", r.host());
        v.put("pid", r.pid());
        v.put("stages", live.map(RunsResource::liveStages).orElseGet(() -> ledgerStages(counters, r.status())));
        v.put("counters", counters);
        String error = exec.map(Operations.Execution::error).orElse(counters.path("error").isTextual()
                ? counters.path("error").asText() : null);
        v.put("error", error);
        exec.ifPresent(e -> {
            v.put("operation", e.name());
            v.put("params", e.params());
            if (withOutput) {
                v.put("output", e.output());
            }
        });
        return v;
    }

    /** Every stage of a load running here, those not started yet included, so a console can draw all bars. */
    static List<Map<String, Object>> liveStages(LoadProgress p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LoadStage stage : LoadStage.values()) {
            LoadProgress.Stage s = p.stage(stage);
            String state = !s.started() ? "pending" : s.finished() ? "done" : "running";
            Duration eta = s.eta();
            out.add(stage(stage.stageName(), state, s.total(), s.landed(), s.rejected(),
                    s.elapsed().toMillis() / 1000.0, s.rate(), !s.started() ? null : eta == null ? null : eta.toSeconds()));
        }
        return out;
    }

    /** The stages a finished run (or one of another process) recorded in the ledger, in load order. */
    static List<Map<String, Object>> ledgerStages(JsonNode counters, String runStatus) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LoadStage stage : LoadStage.values()) {
            JsonNode c = counters.path(stage.stageName());
            if (!c.isObject() || !c.has("total")) {
                continue;
            }
            long landed = c.path("landed").asLong();
            long rejected = c.path("rejected").asLong();
            double seconds = c.path("seconds").asDouble();
            double rate = seconds > 0 ? (landed + rejected) / seconds : 0;
            out.add(stage(stage.stageName(), "running".equals(runStatus) ? "running" : "done", c.path("total").asLong(),
                    landed, rejected, seconds, rate, "running".equals(runStatus) ? null : 0L));
        }
        return out;
    }

    private static Map<String, Object> stage(String name, String state, long total, long landed, long rejected,
                                             double elapsedSeconds, double rate, Long etaSeconds) {
        long done = landed + rejected;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("state", state);
        s.put("total", total);
        s.put("done", done);
        s.put("landed", landed);
        s.put("rejected", rejected);
        s.put("percent", total > 0 ? Math.min(100.0, Math.round(done * 1000.0 / total) / 10.0) : "done".equals(state) ? 100.0 : 0.0);
        s.put("ratePerSecond", Math.round(rate * 10) / 10.0);
        s.put("etaSeconds", etaSeconds);
        s.put("elapsedSeconds", Math.round(elapsedSeconds * 10) / 10.0);
        return s;
    }
}
