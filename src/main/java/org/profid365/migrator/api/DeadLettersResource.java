package org.profid365.migrator.api;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Header;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.store.DeadLetterQuery;

/**
 * The bean {@code apiDeadLetters}: the open dead letters, counted per stage and object, then one by one (payloads
 * only when asked: they hold personal data). Replaying them is the operation {@code replay}.
 */
public final class DeadLettersResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final MigratorContext ctx;

    public DeadLettersResource(MigratorContext ctx) {
        this.ctx = ctx;
    }

    public ApiResponse list(@Header("stage") String stage, @Header("reason") String reason, @Header("limit") String limit,
                            @Header("payload") String payload) throws Exception {
        int n = (int) Query.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        boolean withPayload = flag("payload", payload);
        DeadLetterQuery q = new DeadLetterQuery(ctx.migration().id(), Query.text(stage), Query.text(reason));
        List<Map<String, Object>> counts = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        long open = 0;
        try (Connection c = ctx.store().connection()) {
            for (DeadLetterQuery.Count count : q.counts(c)) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("stage", count.stage());
                v.put("objectType", count.objectType());
                v.put("open", count.open());
                counts.add(v);
                open += count.open();
            }
            q.forEach(c, n, r -> items.add(item(r, withPayload)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open", open);
        body.put("counts", counts);
        body.put("items", items);
        body.put("more", Math.max(0, open - items.size()));
        return ApiResponse.ok(body);
    }

    private static Map<String, Object> item(DeadLetterQuery.Row r, boolean withPayload) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("stage", r.stage());
        v.put("objectType", r.objectType());
        v.put("recordKey", r.recordKey());
        v.put("profiId", r.profiId());
        v.put("sourceFile", r.sourceFile());
        v.put("sourceLine", r.sourceLine());
        v.put("field", r.field());
        v.put("reason", r.reason());
        v.put("attempts", r.attempts());
        v.put("replayState", r.replayState());
        v.put("updatedAt", r.updatedAt());
        v.put("replayable", r.stage() != null && r.stage().startsWith("load-"));
        if (withPayload) {
            v.put("payload", ApiJson.tree(r.payload()));
        }
        return v;
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiProblem.badRequest("invalid parameter", "'" + name + "' must be true or false, not '" + value + "'");
    }
}
