package org.profid365.migrator.profi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.pipeline.StagingSession;

/**
 * The steps of the {@code profi-api-pull} route: ask for the manifest, then every collection page by page,
 * and stage each page's records as they arrive. The route owns the HTTP calls and their retries; this class
 * builds the requests and reads the answers. API values are turned back into the export's text form (numbers
 * as written, booleans as true/false, lists joined with ';') so a record hashes the same from both sources.
 */
public final class ProfiApiPull {

    /** Exchange property holding the pull in progress. */
    public static final String STATE = "profiPull";
    /** Header naming the API base URL; defaults to profi.source. */
    public static final String SOURCE_HEADER = "profiSource";
    /** Header with an ISO-8601 instant: only records changed since then are asked for. */
    public static final String UPDATED_SINCE_HEADER = "profiUpdatedSince";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final MigratorContext ctx;
    private final MigratorConfig cfg;

    public ProfiApiPull(MigratorContext ctx) {
        this.ctx = ctx;
        this.cfg = ctx.config();
    }

    /** The state of one pull, kept on the exchange between loop iterations. */
    public static final class State {
        final String base;
        final String updatedSince;
        final Deque<ProfiObject> remaining = new ArrayDeque<>();
        ProfiObject current;
        String cursor;
        boolean hasMore = true;
        long line;
        long runId;
        StagingSession session;

        State(String base, String updatedSince) {
            this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            this.updatedSince = updatedSince;
        }

        public boolean isHasMore() {
            return hasMore;
        }
    }

    /** Sets up the manifest request. */
    public void manifestRequest(Exchange ex) {
        String base = ex.getIn().getHeader(SOURCE_HEADER, cfg.get("profi.source"), String.class);
        if (base == null || !(base.startsWith("http://") || base.startsWith("https://"))) {
            throw new IllegalArgumentException("The Profi API pull needs an http(s) base URL in PROFI_SOURCE, not '" + base + "'");
        }
        State s = new State(base, ex.getIn().getHeader(UPDATED_SINCE_HEADER, String.class));
        ex.setProperty(STATE, s);
        request(ex, s.base + cfg.get("profi.api.manifest-path", "/v1/manifest"), null);
    }

    /** Reads the manifest, opens the 'stage' run and queues every collection, definitions first. */
    public void begin(Exchange ex) throws IOException, SQLException {
        ProfiApiRetryPolicy.reset(ex);
        State s = ex.getProperty(STATE, State.class);
        JsonNode m;
        try (InputStream in = ex.getIn().getBody(InputStream.class)) {
            m = JSON.readTree(in);
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(m.path("timezone").asText(""));
        } catch (DateTimeException e) {
            throw new ExportFormatException("The Profi API manifest has no valid timezone: '" + m.path("timezone").asText() + "'");
        }
        s.runId = ctx.ledger().start(ctx.migration().id(), "stage", s.base
                + (s.updatedSince == null ? "" : " updated_since=" + s.updatedSince));
        s.session = ctx.openStagingSession(s.runId, s.base, "http", new ExportManifest(text(m, "workspace_id"),
                text(m, "workspace_name"), text(m, "workspace_type"), text(m, "exported_at"), zone,
                m.path("format_version").asInt(1)), s.updatedSince);
        s.remaining.addAll(ProfiObject.stagingOrder());
        advanceCollection(s);
    }

    private static void advanceCollection(State s) {
        s.current = s.remaining.poll();
        s.cursor = null;
        s.line = 0;
        s.hasMore = s.current != null;
    }

    /** Sets up the request for the next page. */
    public void nextRequest(Exchange ex) {
        State s = ex.getProperty(STATE, State.class);
        StringBuilder q = new StringBuilder();
        q.append(cfg.get("profi.api.page-size-param", "page_size")).append('=').append(cfg.getInt("profi.api.page-size", 500));
        if (s.cursor != null) {
            q.append('&').append(cfg.get("profi.api.cursor-param", "cursor")).append('=').append(enc(s.cursor));
        }
        if (s.updatedSince != null) {
            q.append('&').append(cfg.get("profi.api.updated-since-param", "updated_since")).append('=').append(enc(s.updatedSince));
        }
        String path = cfg.get("profi.api.collection-path", "/v1/{collection}").replace("{collection}", s.current.collection());
        request(ex, s.base + path, q.toString());
    }

    /** Stages the page's records and moves the cursor (or on to the next collection). */
    public void acceptPage(Exchange ex) throws IOException {
        ProfiApiRetryPolicy.reset(ex);
        State s = ex.getProperty(STATE, State.class);
        JsonNode page;
        try (InputStream in = ex.getIn().getBody(InputStream.class)) {
            page = JSON.readTree(in);
        }
        JsonNode data = page.get(cfg.get("profi.api.data-field", "data"));
        if (data == null || !data.isArray()) {
            throw new ExportFormatException("The Profi API answered " + s.current.collection() + " without a '"
                    + cfg.get("profi.api.data-field", "data") + "' array");
        }
        String file = "api:" + s.current.collection();
        for (Iterator<JsonNode> it = data.elements(); it.hasNext(); ) {
            s.line++;
            s.session.accept(ProfiRecord.adopting(s.current, fields(it.next()), file, s.line));
        }
        JsonNode next = page.get(cfg.get("profi.api.next-cursor-field", "next_cursor"));
        if (next == null || next.isNull() || next.asText().isEmpty() || data.isEmpty()) {
            advanceCollection(s);
        } else {
            s.cursor = next.asText();
        }
    }

    /** Checks references, closes the run, and returns what was staged. */
    public StagingResult finish(Exchange ex) throws SQLException {
        State s = ex.getProperty(STATE, State.class);
        StagingResult result = s.session.finish();
        ctx.ledger().finish(s.runId, "succeeded", result.asCounters());
        return result;
    }

    /** Marks the run failed when the pull could not complete; the staged pages stay (staging is idempotent). */
    public void abort(Exchange ex) throws SQLException {
        State s = ex.getProperty(STATE, State.class);
        if (s == null || s.runId == 0) {
            return;
        }
        if (s.session != null) {
            s.session.flush();
        }
        Exception e = ex.getException() != null ? ex.getException() : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ctx.ledger().finish(s.runId, "failed", Map.of("error", describe(e, s)));
    }

    /** A sentence for the operator about why the pull stopped. */
    public static String describe(Throwable e, State s) {
        String where = s == null || s.current == null ? "" : " while reading " + s.current.collection();
        if (e instanceof org.apache.camel.http.base.HttpOperationFailedException h) {
            return "the Profi API answered HTTP " + h.getStatusCode() + where + " (" + h.getUri() + ")";
        }
        return e == null ? "unknown error" + where : e.getClass().getSimpleName() + ": " + e.getMessage() + where;
    }

    /** The API's JSON values in the export's text form. */
    static LinkedHashMap<String, String> fields(JsonNode obj) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String v = textOf(e.getValue());
            if (v != null && !v.isEmpty()) {
                f.put(e.getKey(), v);
            }
        }
        return f;
    }

    private static String textOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : v) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(item.asText());
            }
            return sb.toString();
        }
        if (v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return v.toString();
    }

    private void request(Exchange ex, String url, String query) {
        ex.getIn().removeHeaders("*"); // no header of the previous answer may leak into this request
        ex.getIn().setBody(null);
        ex.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        ex.getIn().setHeader(Exchange.HTTP_URI, url);
        if (query != null) {
            ex.getIn().setHeader(Exchange.HTTP_QUERY, query);
        }
        ex.getIn().setHeader("Accept", "application/json");
        String token = cfg.get("profi.api.token");
        if (token != null) {
            ex.getIn().setHeader("Authorization", "Bearer " + token);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
