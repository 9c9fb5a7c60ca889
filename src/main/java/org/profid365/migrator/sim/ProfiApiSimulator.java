package org.profid365.migrator.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.profid365.migrator.profi.ExportManifest;
import org.profid365.migrator.profi.ExportReader;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Profi export (directory or {@code .zip}) as Profi's token-protected JSON API, with the rate limits and
 * server errors a client must survive.
 *
 * <h2>HTTP contract</h2>
 * The server listens on {@code 127.0.0.1} unless {@link Options#bindAddress()} says otherwise; the API lives under
 * {@code {base}/v1}.
 * <ul>
 * <li><b>Auth</b>: every request needs {@code Authorization: Bearer <token>}; missing or wrong gives
 *     {@code 401} with {@code WWW-Authenticate: Bearer ...} and error code {@code unauthorized}.</li>
 * <li><b>{@code GET /v1/{collection}}</b> for every {@link ProfiObject#collection()} ({@code clients},
 *     {@code companies}, {@code session_participants}, {@code custom_fields}, ...); a file missing from the export
 *     is an empty collection. Query parameters (others are ignored; one given twice is {@code 400}):
 *     <ul>
 *     <li>{@code page_size}: 1..{@link Options#maxPageSize()}, default {@link Options#defaultPageSize()};
 *         anything else is {@code 400 invalid_page_size}.</li>
 *     <li>{@code cursor}: the {@code next_cursor} of the previous page, opaque; one this server did not issue for
 *         this collection and this data snapshot (see {@link #replaceData}) is {@code 400 invalid_cursor}.</li>
 *     <li>{@code updated_since}: an ISO-8601 instant or offset date-time ({@code 2025-06-01T08:00:00Z},
 *         {@code 2025-06-01T10:00:00+02:00}; a literal {@code +} in the query is a plus, not a space); anything
 *         else is {@code 400 invalid_updated_since}. Only records whose {@code updated_at} (or {@code created_at}
 *         when the file has no {@code updated_at} or the cell is empty) is at or after it are returned; a
 *         timestamp without offset is in the manifest's time zone. Records whose time is missing or malformed are
 *         always returned (a delta must not hide what it cannot date); collections with neither column are
 *         returned whole.</li>
 *     </ul>
 *     Answer {@code 200 application/json}: {@code {"data":[{...},...],"next_cursor":"..."}}, {@code next_cursor}
 *     null on the last page. Pages follow file order; their union is the file (filtered), each record once,
 *     for any page size. Each object has the CSV's column names; empty cells are omitted; values are strings
 *     except: INTEGER and DECIMAL columns as JSON numbers written exactly as in the CSV, BOOLEAN columns
 *     ({@code true}/{@code false}) as JSON booleans, LIST columns ({@code co_coach_emails}, {@code tags},
 *     {@code options}) as arrays of strings split on {@code ;} without trimming. A cell that is not a valid value
 *     of its type ({@code "ninety"}, {@code "12,5"}, {@code "007"}, {@code "TRUE"}) is sent as the unchanged string,
 *     so a client can still report it. {@code cf_*} and unknown columns are strings.</li>
 * <li><b>{@code GET /v1/manifest}</b>: the manifest's contract fields ({@code workspace_id}, {@code workspace_name},
 *     {@code workspace_type}, {@code exported_at}, {@code timezone}, {@code format_version}).</li>
 * <li><b>{@code GET /v1/files/{id}/content}</b>: the bytes of the files.csv row's {@code path} under {@code files/},
 *     with its {@code mime_type} (else {@code application/octet-stream}); {@code 404} when there is no such row, the
 *     row has no path (only a url), or the export lacks the file.</li>
 * <li>Other paths: {@code 404 not_found}; methods other than GET: {@code 405 method_not_allowed} with
 *     {@code Allow: GET}.</li>
 * <li><b>Rate limit</b> ({@link Options#rateLimitPerSecond()} &gt; 0): one token bucket for the server, a burst of
 *     up to one second's worth. A request over it gets {@code 429 rate_limited} with
 *     {@code Retry-After: <retryAfterSeconds>}; until that time has elapsed every request gets {@code 429} again
 *     (with the seconds left), so a client that retries early is caught.</li>
 * <li><b>Server errors</b> ({@link Options#serverErrorShare()} &gt; 0): that share of the requests that pass auth
 *     and the rate limit answer {@code 503 service_unavailable} with {@code Retry-After: 1}; which ones is decided
 *     by a random sequence seeded with {@link Options#seed()}, so the same request order gives the same faults.</li>
 * <li>Every error body is {@code {"error":{"code":"...","message":"..."}}}.</li>
 * </ul>
 *
 * <p>The export is loaded into memory at start (read with {@link ExportReader}); meant for exports of up to a few
 * hundred thousand records. Attachments are streamed from the export on request. Thread-safe: a small fixed pool
 * answers requests; the last {@value #REQUEST_LOG_SIZE} requests are kept for {@link #requests()}. Sets the JVM
 * property {@code sun.net.httpserver.nodelay=true} when it is unset (else every answer waits ~40 ms on Nagle).
 */
public final class ProfiApiSimulator implements AutoCloseable {

    /** How many answered requests {@link #requests()} keeps. */
    public static final int REQUEST_LOG_SIZE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ProfiApiSimulator.class);
    private static final int WORKER_THREADS = 4;
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    static {
        // The JDK server writes headers and body as two segments; with Nagle on, each answer waits ~40 ms for the
        // client's delayed ACK. Read once per JVM, before the first HttpServer: an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * How the simulator behaves.
     *
     * @param port               the port to listen on; 0 picks a free one
     * @param token              the bearer token every request must carry (never logged)
     * @param defaultPageSize    records per page when the request has no {@code page_size}
     * @param maxPageSize        the largest {@code page_size} accepted
     * @param rateLimitPerSecond requests per second the server accepts; 0 turns the limit off
     * @param retryAfterSeconds  the {@code Retry-After} of a {@code 429}, and how long early retries are refused
     * @param serverErrorShare   the share (0..1) of requests answered with {@code 503}
     * @param seed               seeds the choice of the {@code 503} requests
     * @param bindAddress        the address to listen on: 127.0.0.1 by default, 0.0.0.0 for every interface
     *                           (in a container)
     */
    public record Options(int port, String token, int defaultPageSize, int maxPageSize, double rateLimitPerSecond,
                          int retryAfterSeconds, double serverErrorShare, long seed, String bindAddress) {

        public Options {
            if (bindAddress == null || bindAddress.isBlank()) {
                throw new IllegalArgumentException("the bind address must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, not " + port);
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("the simulator needs a non-blank bearer token");
            }
            if (defaultPageSize < 1 || maxPageSize < defaultPageSize) {
                throw new IllegalArgumentException("page sizes must satisfy 1 <= default (" + defaultPageSize
                        + ") <= max (" + maxPageSize + ")");
            }
            checkRate(rateLimitPerSecond);
            if (retryAfterSeconds < 1) {
                throw new IllegalArgumentException("retryAfterSeconds must be at least 1, not " + retryAfterSeconds);
            }
            checkShare(serverErrorShare);
        }

        /** Any free port on 127.0.0.1, pages of 500 (at most 1000), no rate limit, no server errors. */
        public static Options defaults(String token) {
            return new Options(0, token, 500, 1000, 0.0, 1, 0.0, 1L, HttpServers.LOOPBACK);
        }

        public Options withPort(int newPort) {
            return new Options(newPort, token, defaultPageSize, maxPageSize, rateLimitPerSecond, retryAfterSeconds,
                    serverErrorShare, seed, bindAddress);
        }

        public Options withPageSizes(int newDefault, int newMax) {
            return new Options(port, token, newDefault, newMax, rateLimitPerSecond, retryAfterSeconds, serverErrorShare,
                    seed, bindAddress);
        }

        public Options withRateLimit(double perSecond, int newRetryAfterSeconds) {
            return new Options(port, token, defaultPageSize, maxPageSize, perSecond, newRetryAfterSeconds,
                    serverErrorShare, seed, bindAddress);
        }

        public Options withServerErrors(double share, long newSeed) {
            return new Options(port, token, defaultPageSize, maxPageSize, rateLimitPerSecond, retryAfterSeconds, share,
                    newSeed, bindAddress);
        }

        public Options withBindAddress(String address) {
            return new Options(port, token, defaultPageSize, maxPageSize, rateLimitPerSecond, retryAfterSeconds,
                    serverErrorShare, seed, address);
        }

        /** Without the token: options end up in logs. */
        @Override
        public String toString() {
            return "Options[bindAddress=" + bindAddress + ", port=" + port + ", token=***, defaultPageSize=" + defaultPageSize + ", maxPageSize="
                    + maxPageSize + ", rateLimitPerSecond=" + rateLimitPerSecond + ", retryAfterSeconds="
                    + retryAfterSeconds + ", serverErrorShare=" + serverErrorShare + ", seed=" + seed + "]";
        }

        static void checkRate(double perSecond) {
            if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("the rate limit must be >= 0 requests per second (0 = off), not "
                        + perSecond);
            }
        }

        static void checkShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("the server error share must be 0..1, not " + share);
            }
        }
    }

    private final Options options;
    private final byte[] expectedAuthorization;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Random faults;
    private final Deque<RequestLogEntry> requestLog = new ArrayDeque<>();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ExportSnapshot snapshot;
    private volatile double serverErrorShare;
    /** Null when the rate limit is off. */
    private volatile RequestRateLimiter rateLimiter;

    private ProfiApiSimulator(ExportSnapshot snapshot, Options options) throws IOException {
        this.options = options;
        this.snapshot = snapshot;
        this.expectedAuthorization = options.token().getBytes(StandardCharsets.UTF_8);
        this.faults = new Random(options.seed());
        this.serverErrorShare = options.serverErrorShare();
        this.rateLimiter = limiterFor(options.rateLimitPerSecond());
        this.server = HttpServers.create(options.bindAddress(), options.port(), 50);
        this.workers = Executors.newFixedThreadPool(WORKER_THREADS, workerThreads());
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /** Loads the export and starts answering on the bind address of the options. */
    public static ProfiApiSimulator start(Path exportDirOrZip, Options options) throws IOException {
        ExportSnapshot first = ExportSnapshot.load(exportDirOrZip, 1);
        ProfiApiSimulator simulator = new ProfiApiSimulator(first, options);
        simulator.generations.set(first.generation());
        simulator.server.start();
        LOG.info("Profi API simulator serving {} ({} records) at {}/v1 with {}", exportDirOrZip, first.totalRecords(),
                simulator.baseUrl(), options);
        return simulator;
    }

    /** {@code http://ADDRESS:PORT} as this machine reaches it; the API lives under {@code {base}/v1/...}. */
    public URI baseUrl() {
        return URI.create("http://" + HttpServers.urlHost(server) + ":" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The answered requests, oldest first (the last {@value #REQUEST_LOG_SIZE}). */
    public List<RequestLogEntry> requests() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    /** Changes the share (0..1) of requests answered with {@code 503}, from the next request on. */
    public void setServerErrorShare(double share) {
        Options.checkShare(share);
        this.serverErrorShare = share;
    }

    /** Changes the rate limit (0 = off) with a full bucket and no pending {@code Retry-After}. */
    public void setRateLimit(double perSecond) {
        Options.checkRate(perSecond);
        this.rateLimiter = limiterFor(perSecond);
    }

    /**
     * Serves another export from now on (a later snapshot, for delta tests). Cursors issued for the previous data
     * are refused with {@code 400}. When the new export cannot be read, the old one stays and the error is thrown.
     */
    public void replaceData(Path exportDirOrZip) {
        ExportSnapshot next = ExportSnapshot.load(exportDirOrZip, generations.incrementAndGet());
        this.snapshot = next;
        LOG.info("Profi API simulator now serving {} ({} records)", exportDirOrZip, next.totalRecords());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        HttpServers.stop(server, workers);
    }

    private RequestRateLimiter limiterFor(double perSecond) {
        return perSecond > 0 ? new RequestRateLimiter(perSecond, options.retryAfterSeconds(), System.nanoTime()) : null;
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "profi-api-sim-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- request handling -------------------------------------------------------------------------------------

    /** What to send back: a body in memory or a stream (attachments). */
    private record Reply(int status, String contentType, byte[] body, InputStream stream, Map<String, String> headers) {

        static Reply json(int status, byte[] body) {
            return new Reply(status, JSON_TYPE, body, null, Map.of());
        }

        static Reply error(int status, String code, String message) {
            return error(status, code, message, Map.of());
        }

        static Reply error(int status, String code, String message, Map<String, String> headers) {
            byte[] body = writeJson(json -> {
                json.writeStartObject();
                json.writeObjectFieldStart("error");
                json.writeStringField("code", code);
                json.writeStringField("message", message);
                json.writeEndObject();
                json.writeEndObject();
            });
            return new Reply(status, JSON_TYPE, body, null, headers);
        }
    }

    /** A request's complaint about its own parameters: answered with 400. */
    private static final class BadRequest extends RuntimeException {
        private final String code;

        BadRequest(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private void handle(HttpExchange exchange) {
        Instant received = Instant.now();
        URI uri = exchange.getRequestURI();
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        Reply reply;
        try {
            reply = answer(exchange.getRequestMethod(), uri, exchange.getRequestHeaders().getFirst("Authorization"));
        } catch (BadRequest e) {
            reply = Reply.error(400, e.code, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Profi API simulator failed on {} {}", exchange.getRequestMethod(), target, e);
            reply = Reply.error(500, "internal_error", "the simulator failed: " + e);
        }
        // logged before answering, so a client that got its answer always finds its request in the log
        synchronized (requestLog) {
            if (requestLog.size() == REQUEST_LOG_SIZE) {
                requestLog.removeFirst();
            }
            requestLog.addLast(new RequestLogEntry(exchange.getRequestMethod(), target, reply.status(), received));
        }
        try {
            send(exchange, reply);
        } catch (IOException e) {
            LOG.debug("Profi API simulator could not send the answer to {}: {}", target, e.toString());
        } finally {
            exchange.close();
        }
    }

    private Reply answer(String method, URI uri, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Reply.error(401, "unauthorized", "this API needs an 'Authorization: Bearer <token>' header",
                    Map.of("WWW-Authenticate", "Bearer realm=\"profi\""));
        }
        if (!tokenMatches(authorization)) {
            return Reply.error(401, "unauthorized", "the bearer token is not valid",
                    Map.of("WWW-Authenticate", "Bearer realm=\"profi\", error=\"invalid_token\""));
        }
        RequestRateLimiter limiter = rateLimiter;
        if (limiter != null) {
            int retryAfter = limiter.admit(System.nanoTime());
            if (retryAfter > 0) {
                return Reply.error(429, "rate_limited", "too many requests: retry after " + retryAfter + " s",
                        Map.of("Retry-After", Integer.toString(retryAfter)));
            }
        }
        double share = serverErrorShare;
        // one draw per request that gets here, whatever the share, so the sequence depends on the seed alone
        if (faults.nextDouble() < share) {
            return Reply.error(503, "service_unavailable", "the service is temporarily unavailable (simulated)",
                    Map.of("Retry-After", "1"));
        }
        if (!method.equals("GET")) {
            return Reply.error(405, "method_not_allowed", method + " is not allowed: this API is read-only",
                    Map.of("Allow", "GET"));
        }
        List<String> path = pathSegments(uri.getRawPath());
        ExportSnapshot data = snapshot;
        if (path.size() == 2 && path.get(0).equals("v1")) {
            if (path.get(1).equals("manifest")) {
                return manifest(data.manifest());
            }
            Optional<ProfiObject> object = collection(path.get(1));
            if (object.isPresent()) {
                return page(data, object.get(), queryParameters(uri.getRawQuery()));
            }
        }
        if (path.size() == 4 && path.get(0).equals("v1") && path.get(1).equals("files") && path.get(3).equals("content")) {
            return fileContent(data, path.get(2));
        }
        return Reply.error(404, "not_found", "no resource at " + uri.getRawPath()
                + " (collections are /v1/{collection}, e.g. /v1/clients; also /v1/manifest and /v1/files/{id}/content)");
    }

    private boolean tokenMatches(String authorization) {
        String value = authorization.trim();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        byte[] given = value.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expectedAuthorization); // constant time: no timing hints about the token
    }

    private static Optional<ProfiObject> collection(String name) {
        for (ProfiObject o : ProfiObject.values()) {
            if (o.collection().equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private Reply page(ExportSnapshot data, ProfiObject object, Map<String, String> query) {
        int pageSize = pageSize(query.get("page_size"));
        int start = start(data, object, query.get("cursor"));
        Instant since = updatedSince(query.get("updated_since"));
        ExportSnapshot.Page page = data.page(object, start, pageSize, since);
        String next = page.nextIndex() < 0 ? null
                : new PageCursor(data.generation(), object.collection(), page.nextIndex()).encode();
        return Reply.json(200, writeJson(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("data");
            for (ProfiRecord record : page.records()) {
                ProfiRecordJsonWriter.write(json, record);
            }
            json.writeEndArray();
            json.writeStringField("next_cursor", next); // a null value is written as JSON null
            json.writeEndObject();
        }));
    }

    private int pageSize(String text) {
        if (text == null) {
            return options.defaultPageSize();
        }
        try {
            int size = Integer.parseInt(text);
            if (size >= 1 && size <= options.maxPageSize()) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("invalid_page_size", "page_size must be a whole number from 1 to " + options.maxPageSize()
                + ", not '" + text + "'");
    }

    private static int start(ExportSnapshot data, ProfiObject object, String text) {
        if (text == null) {
            return 0;
        }
        PageCursor cursor = PageCursor.decode(text)
                .orElseThrow(() -> new BadRequest("invalid_cursor", "cursor '" + text + "' was not issued by this API"));
        if (!cursor.collection().equals(object.collection())) {
            throw new BadRequest("invalid_cursor", "the cursor belongs to /v1/" + cursor.collection() + ", not /v1/"
                    + object.collection());
        }
        if (cursor.snapshot() != data.generation()) {
            throw new BadRequest("invalid_cursor", "the cursor belongs to an earlier data snapshot: start again without one");
        }
        if (cursor.index() < 0 || cursor.index() >= data.size(object)) {
            throw new BadRequest("invalid_cursor", "cursor '" + text + "' points outside /v1/" + object.collection());
        }
        return cursor.index();
    }

    private static Instant updatedSince(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new BadRequest("invalid_updated_since", "updated_since must be an ISO-8601 instant or offset date-time"
                    + " such as 2025-06-01T08:00:00Z, not '" + text + "'");
        }
    }

    private static Reply manifest(ExportManifest manifest) {
        return Reply.json(200, writeJson(json -> {
            json.writeStartObject();
            writeIfPresent(json, "workspace_id", manifest.workspaceId());
            writeIfPresent(json, "workspace_name", manifest.workspaceName());
            writeIfPresent(json, "workspace_type", manifest.workspaceType());
            writeIfPresent(json, "exported_at", manifest.exportedAt());
            json.writeStringField("timezone", manifest.timezone().getId());
            json.writeNumberField("format_version", manifest.formatVersion());
            json.writeEndObject();
        }));
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static Reply fileContent(ExportSnapshot data, String id) {
        ProfiRecord file = data.file(id);
        if (file == null) {
            return Reply.error(404, "not_found", "there is no file with id '" + id + "'");
        }
        String path = file.get("path");
        if (path == null) {
            return Reply.error(404, "no_content", "file '" + id + "' has no content in the export"
                    + (file.get("url") != null ? " (it lives at its url)" : ""));
        }
        InputStream in;
        try {
            in = data.openAttachment(path);
        } catch (NoSuchFileException e) {
            return Reply.error(404, "attachment_missing", "file '" + id + "' points at files/" + path
                    + ", which the export does not contain");
        } catch (IOException e) {
            return Reply.error(404, "attachment_missing", "file '" + id + "' content cannot be read: " + e.getMessage());
        }
        String mime = file.get("mime_type");
        return new Reply(200, mime == null || mime.isBlank() ? "application/octet-stream" : mime.trim(), null, in, Map.of());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.stream() != null) {
            try (InputStream in = reply.stream()) {
                exchange.sendResponseHeaders(reply.status(), 0); // chunked: the size is the file's business
                try (OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    // ---- small parsing and writing steps ----------------------------------------------------------------------

    private static List<String> pathSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        for (String raw : trimmed.split("/", -1)) {
            segments.add(decode(raw));
        }
        return segments;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (seen.merge(name, 1, Integer::sum) > 1) {
                throw new BadRequest("duplicate_parameter", "query parameter '" + name + "' is given more than once");
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    /** Percent-decoding only: a literal '+' stays a plus, as offsets in updated_since need. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid_query", "'" + raw + "' is not validly percent-encoded");
        }
    }

    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] writeJson(JsonBody body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return buffer.toByteArray();
    }
}
