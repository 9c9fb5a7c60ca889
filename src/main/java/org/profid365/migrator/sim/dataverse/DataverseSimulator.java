package org.profid365.migrator.sim.dataverse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.profid365.migrator.sim.HttpServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Dataverse Web API ({@code /api/data/v9.2/}), on 127.0.0.1 unless the options say otherwise, that refuses what the real one refuses, with the same
 * status, error code and message shape (docs/dataverse.md maps each behaviour to its Microsoft Learn page).
 */
public final class DataverseSimulator implements AutoCloseable {

    /** How many answered requests {@link #requests()} keeps. */
    public static final int REQUEST_LOG_SIZE = 10_000;
    static final String BASE_PATH = "/api/data/v9.2/";

    private static final Logger LOG = LoggerFactory.getLogger(DataverseSimulator.class);

    static {
        // without it every answer waits ~40 ms on Nagle and the client's delayed ACK; an explicit setting wins
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final DataverseSimOptions options;
    private final SimState state;
    private final RequestRouter router;
    private final ProtectionLimiter limiter;
    private final FaultInjector faults;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, TokenState> tokens = new ConcurrentHashMap<>();
    private final Map<String, AppUser> appUsers = new ConcurrentHashMap<>();
    private final Deque<DataverseRequestLog> requestLog = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * How long after a Retry-After is answered a request of the same user still counts as sent before the client had
     * it (it was on its way): requests that a client sends together reach the handlers a few milliseconds apart.
     */
    static final long IN_FLIGHT_GRACE_NANOS = 100_000_000L;
    /** Per app user: when (System.nanoTime) the latest 429/503 was answered to it, and until when its Retry-After runs. */
    private final Map<String, long[]> retryAfter = new ConcurrentHashMap<>();
    private final AtomicLong earlyRetries = new AtomicLong();
    private final AtomicLong inFlightAtRetryAfter = new AtomicLong();
    private volatile Consumer<DataverseRequestLog> beforeAnswer = r -> { };

    private static final class TokenState {
        final AppUser user;
        volatile boolean expired;

        TokenState(AppUser user) {
            this.user = user;
        }
    }

    private DataverseSimulator(DataverseSimOptions options) throws IOException {
        this.options = options;
        this.state = new SimState(options);
        this.router = new RequestRouter(state);
        this.limiter = new ProtectionLimiter(options);
        this.faults = new FaultInjector(options);
        this.server = HttpServers.create(options.bindAddress(), options.port(), 200);
        this.workers = Executors.newCachedThreadPool(workerThreads());
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        String host = options.publicHost() != null ? options.publicHost() : HttpServers.urlHost(server);
        state.baseUrl = "http://" + host + ":" + server.getAddress().getPort() + BASE_PATH;
    }

    /** Seeds the org (business unit, USD and EUR, publishers) and starts answering on the options' bind address. */
    public static DataverseSimulator start(DataverseSimOptions options) throws IOException {
        DataverseSimulator simulator = new DataverseSimulator(options);
        simulator.server.start();
        LOG.info("Dataverse simulator at {} with {}", simulator.baseUrl(), options);
        return simulator;
    }

    /** {@code http://HOST:PORT/api/data/v9.2/}, HOST being the public host of the options or the bound address. */
    public URI baseUrl() {
        return URI.create(state.baseUrl);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The live options: setters take effect from the next request. */
    public DataverseSimOptions options() {
        return options;
    }

    /**
     * A bearer token accepted as the application user {@code appUser}; the first token for a name creates that
     * enabled application user ("migration" user, access mode Non-interactive). Each user has its own limits.
     */
    public String issueToken(String appUser) {
        String token = "sim." + UUID.randomUUID() + "." + UUID.randomUUID();
        acceptToken(appUser, token);
        return token;
    }

    /**
     * Accepts a token chosen by the caller as the application user {@code appUser}, as {@link #issueToken} does with
     * one it makes up: lets a migrator started elsewhere (a container) be configured with the token beforehand.
     */
    public void acceptToken(String appUser, String token) {
        if (appUser == null || appUser.isBlank()) {
            throw new IllegalArgumentException("appUser must not be blank");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token must not be blank");
        }
        AppUser user = appUsers.computeIfAbsent(appUser, name -> {
            UUID id = SimTable.stableId("appuser:" + name);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("fullname", "# " + name);
            values.put("lastname", name);
            values.put("internalemailaddress", name + "@migration.invalid");
            values.put("domainname", name + "@migration.invalid");
            values.put("isdisabled", false);
            values.put("accessmode", 4);
            values.put("applicationid", SimTable.stableId("application:" + name));
            state.seedRow("systemuser", id, values);
            return new AppUser(name, id);
        });
        tokens.put(token, new TokenState(user));
    }

    /** Requests carrying {@code token} get 401 from now on, as when an access token has run out. */
    public void expireToken(String token) {
        TokenState known = tokens.get(token);
        if (known == null) {
            throw new IllegalArgumentException("this simulator did not issue that token");
        }
        known.expired = true;
    }

    /** Adds a (licensed, interactive) user that records may be owned by; disabled users fail as owners. */
    public UUID addSystemUser(String email, String fullName, boolean disabled) {
        UUID id = state.store.newId();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("internalemailaddress", email);
        values.put("domainname", email);
        values.put("fullname", fullName);
        values.put("isdisabled", disabled);
        values.put("accessmode", 0);
        state.seedRow("systemuser", id, values);
        return id;
    }

    /** Adds an active currency (an org has the currencies its admins created besides the base currency). */
    public UUID addCurrency(String isoCode, String name, String exchangeRate) {
        UUID id = state.store.newId();
        state.seedRow("transactioncurrency", id, SimState.currency(isoCode, name, isoCode, exchangeRate));
        return id;
    }

    /**
     * Whether {@code message} (CreateMultiple, UpdateMultiple, UpsertMultiple) is available for {@code table};
     * answered by {@code sdkmessagefilters} and enforced on the bulk calls. All tables support all three by default.
     */
    public void setBulkSupported(String table, String message, boolean supported) {
        if (!List.of("CreateMultiple", "UpdateMultiple", "UpsertMultiple").contains(message)) {
            throw new IllegalArgumentException("message must be CreateMultiple, UpdateMultiple or UpsertMultiple: " + message);
        }
        state.bulkSupport.put(table + "/" + message, supported);
    }

    /** The whole data and metadata state as JSON, keys and rows in a fixed order, for before/after comparisons. */
    public String stateJson() {
        return StateDump.write(state);
    }

    /**
     * Requests of an app user that arrived while a {@code Retry-After} answered to that user (429 or 503) was running,
     * more than {@value #IN_FLIGHT_GRACE_NANOS} ns after it was answered: sent by a client that had it. A client that
     * honours Retry-After sends none. Each is logged at WARN.
     */
    public long earlyRetries() {
        return earlyRetries.get();
    }

    /**
     * Requests that arrived within {@value #IN_FLIGHT_GRACE_NANOS} ns after a Retry-After was answered to their user:
     * on their way before the client could have read it, so not early retries (refused all the same).
     */
    public long inFlightAtRetryAfter() {
        return inFlightAtRetryAfter.get();
    }

    /**
     * Tells {@code listener} of each request once it has taken effect and before its answer leaves (or its
     * connection is dropped), on the thread serving it; null stops telling. Tests use it to stop a client exactly
     * where a write has landed but the client cannot know it yet.
     */
    public void beforeAnswer(Consumer<DataverseRequestLog> listener) {
        this.beforeAnswer = listener == null ? r -> { } : listener;
    }

    /** The answered requests, oldest first (the last {@value #REQUEST_LOG_SIZE}). */
    public List<DataverseRequestLog> requests() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        HttpServers.stop(server, workers);
        state.close();
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "dataverse-sim-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void handle(HttpExchange exchange) {
        long arrived = System.nanoTime();
        java.time.Instant start = java.time.Instant.now();
        URI uri = exchange.getRequestURI();
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        AppUser user = null;
        RequestContext context = null;
        SimResponse response;
        String loggedBody = null;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            FaultInjector.Decision fault = faults.next();
            pause(options.latencyMillis());
            if (options.logRequestBodies() && !"GET".equals(method) && body.length > 0) {
                loggedBody = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            }
            if (fault.drop()) {
                log(method, target, 0, null, start, 0, null, loggedBody);
                exchange.close(); // no status line: the client sees the connection end
                return;
            }
            user = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            noteEarlyRetry(user, arrived, method, target);
            if (fault.serverError()) {
                throw new DataverseFault(503, "0x80040216", "Server Busy (simulated). Try again later.",
                        Map.of("Retry-After", Integer.toString(options.serverErrorRetryAfterSeconds())));
            }
            ProtectionLimiter.Ticket ticket = limiter.admit(user.name(), ProtectionLimiter.nowMillis());
            try {
                context = new RequestContext(user);
                response = answer(method, uri, exchange, body, context);
                long execution = Math.max(1, context.records()) * options.executionMillisPerRecord();
                ticket.executed(execution);
                if (options.simulateExecutionTime()) {
                    pause(execution);
                }
                pause(fault.slowMillis());
                response.header("x-ms-ratelimit-burst-remaining-xrm-requests", Integer.toString(ticket.remainingRequests()));
            } finally {
                ticket.release();
            }
        } catch (DataverseFault e) {
            response = SimResponse.error(e);
        } catch (IOException e) {
            response = SimResponse.error(new DataverseFault(400, DataverseFault.ODATA_CODE, "The request body could not be read."));
        } catch (RuntimeException e) {
            LOG.warn("Dataverse simulator failed on {} {}", method, target, e);
            response = SimResponse.error(new DataverseFault(500, "0x80040216", "An unexpected error occurred: " + e));
        }
        // noted before the answer leaves, so a client that retries at once is always caught
        if (user != null && (response.status == 429 || response.status == 503)) {
            noteRetryAfter(user, response.headers.get("Retry-After"));
        }
        // logged before the answer leaves, so a client that has its answer also finds it in requests()
        log(method, target, response.status, user == null ? null : user.name(), start,
                context == null ? 0 : context.records(), response.headers.get("Retry-After"), loggedBody);
        send(exchange, response);
    }

    /** The Retry-After about to be answered to {@code user} runs from now. */
    private void noteRetryAfter(AppUser user, String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            return;
        }
        long now = System.nanoTime();
        long[] next = {now, now + seconds * 1_000_000_000L};
        retryAfter.merge(user.name(), next, (old, fresh) -> fresh[1] >= old[1] ? fresh : old);
    }

    private void noteEarlyRetry(AppUser user, long arrived, String method, String target) {
        long[] latest = retryAfter.get(user.name());
        if (latest == null || arrived >= latest[1] || arrived < latest[0]) {
            return;
        }
        if (arrived - latest[0] <= IN_FLIGHT_GRACE_NANOS) {
            inFlightAtRetryAfter.incrementAndGet();
            return;
        }
        earlyRetries.incrementAndGet();
        LOG.warn("Early retry: {} {} as '{}' arrived {} ms after a Retry-After of {} s was answered to that user",
                method, target, user.name(), (arrived - latest[0]) / 1_000_000, (latest[1] - latest[0]) / 1_000_000_000);
    }

    private AppUser authenticate(String authorization) {
        Map<String, String> challenge = Map.of("WWW-Authenticate", "Bearer authorization_uri="
                + "https://login.microsoftonline.com/common/oauth2/authorize, resource_id=" + baseUrl().resolve("/"));
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized(challenge);
        }
        TokenState known = tokens.get(authorization.substring(7).trim());
        if (known == null) {
            throw new Unauthorized(challenge);
        }
        if (known.expired) {
            throw new Unauthorized(Map.of("WWW-Authenticate", challenge.get("WWW-Authenticate")
                    + ", error=\"invalid_token\", error_description=\"The access token has expired.\""));
        }
        return known.user;
    }

    /** 401 comes with an empty body, as Dataverse sends it. */
    private static final class Unauthorized extends DataverseFault {
        Unauthorized(Map<String, String> headers) {
            super(401, "", "", headers);
        }
    }

    private SimResponse answer(String method, URI uri, HttpExchange exchange, byte[] body, RequestContext context) {
        String path = uri.getPath();
        if (!path.startsWith(BASE_PATH)) {
            throw DataverseFault.noResource(baseUrl().resolve(uri.getRawPath()).toString());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        SimRequest request = new SimRequest(method, path.substring(BASE_PATH.length()), uri.getRawQuery(), headers, body);
        return router.route(request, context);
    }

    private void send(HttpExchange exchange, SimResponse response) {
        try {
            exchange.getResponseHeaders().set("OData-Version", "4.0");
            exchange.getResponseHeaders().set("x-ms-dop-hint", Integer.toString(options.dopHint()));
            exchange.getResponseHeaders().set("REQ_ID", UUID.randomUUID().toString());
            response.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean empty = response.body.length == 0;
            exchange.sendResponseHeaders(response.status, empty ? -1 : response.body.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body);
                }
            }
        } catch (IOException e) {
            LOG.debug("Dataverse simulator could not send the answer: {}", e.toString());
        } finally {
            exchange.close();
        }
    }

    private void log(String method, String target, int status, String appUser, java.time.Instant start, int records,
                     String retryAfter, String body) {
        DataverseRequestLog entry = new DataverseRequestLog(method, target, status, appUser, start,
                java.time.Instant.now(), records, retryAfter, body);
        synchronized (requestLog) {
            if (requestLog.size() == REQUEST_LOG_SIZE) {
                requestLog.removeFirst();
            }
            requestLog.addLast(entry);
        }
        try {
            beforeAnswer.accept(entry);
        } catch (RuntimeException e) {
            LOG.warn("A beforeAnswer listener failed on {} {}: {}", method, target, e.toString());
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
