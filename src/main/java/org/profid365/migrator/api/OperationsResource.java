package org.profid365.migrator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;

/** The bean {@code apiOperations}: what can be started, what runs now, and starting one (202 with the run id). */
public final class OperationsResource {

    private final Operations operations;

    public OperationsResource(Operations operations) {
        this.operations = operations;
    }

    public ApiResponse list() {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (Operations.Spec s : operations.specs()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", s.name());
            v.put("description", s.description());
            v.put("params", s.params());
            ops.add(v);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operations", ops);
        body.put("running", operations.running().map(OperationsResource::execution).orElse(null));
        return ApiResponse.ok(body);
    }

    public ApiResponse start(@Header("name") String name, @Body String body) throws Exception {
        Operations.Started s = operations.start(name, ApiJson.object(body));
        Map<String, Object> v = execution(s.execution());
        v.put("run", s.runId());
        ApiResponse r = ApiResponse.json(202, v);
        return s.runId() == null ? r : r.with("Location", "/api/runs/" + s.runId());
    }

    private static Map<String, Object> execution(Operations.Execution e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("operation", e.name());
        v.put("run", e.runId());
        v.put("state", e.state());
        v.put("params", e.params());
        v.put("startedAt", e.startedAt());
        return v;
    }
}
