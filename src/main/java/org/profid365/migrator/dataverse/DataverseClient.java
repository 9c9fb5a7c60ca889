package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Web API requests as the right application user and owns every retry: a 401 renews the token once and
 * resends once [authenticate-oauth]; 429 and 503 shut that user's channel for at least {@code Retry-After} and then
 * resend the same request [api-limits]; time-outs and connection resets are resent after a growing pause. Nothing
 * else is retried: a 4xx is the record's fault. Gives up after the configured time with a retryable error.
 */
public final class DataverseClient {

    private static final Logger LOG = LoggerFactory.getLogger(DataverseClient.class);

    private final DataverseHttp http;
    private final AppUserPool pool;
    private final DataverseSettings settings;
    private final Clock clock;

    public DataverseClient(DataverseHttp http, AppUserPool pool, DataverseSettings settings, Clock clock) {
        this.http = http;
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
    }

    public AppUserPool pool() {
        return pool;
    }

    public DataverseSettings settings() {
        return settings;
    }

    /**
     * Calls WhoAmI once per application user and starts each user's concurrency at the {@code x-ms-dop-hint} it
     * got (or at {@code dataverse.client.initial-concurrency} when that is set). [send-parallel-requests]
     */
    public List<WhoAmI> startUp() {
        List<WhoAmI> answers = new ArrayList<>();
        for (AppUser user : pool.users()) {
            DataverseResponse r = execute(user, DataverseRequest.get("WhoAmI")).requireSuccess();
            JsonNode j = r.json();
            WhoAmI who = new WhoAmI(uuid(j.path("UserId").asText(null)), uuid(j.path("BusinessUnitId").asText(null)),
                    uuid(j.path("OrganizationId").asText(null)), r.dopHint());
            user.whoAmI(who);
            int start = settings.initialConcurrency() > 0 ? settings.initialConcurrency()
                    : who.dopHint() > 0 ? who.dopHint() : user.budget().limit();
            user.budget().startAt(start);
            LOG.info("Dataverse application user '{}' is {} (dop hint {}, starting with {} in flight)", user.name(),
                    who.userId(), who.dopHint(), user.budget().limit());
            answers.add(who);
        }
        return answers;
    }

    private static UUID uuid(String s) {
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }

    /** Sends as whichever user the pool picks (the open one with most free concurrency). */
    public DataverseResponse execute(DataverseRequest request) {
        AppUser user;
        try {
            user = pool.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataverseException(DataverseError.transport(request + ": interrupted", false));
        }
        return run(user, request, true);
    }

    /** Sends as the given user (start-up checks, tests). */
    public DataverseResponse execute(AppUser user, DataverseRequest request) {
        return run(user, request, false);
    }

    /**
     * The answer once it is final: a success, or a failure that another try cannot fix. A retryable failure that
     * outlived {@code dataverse.client.give-up-after-seconds} is thrown as a {@link DataverseException}.
     */
    private DataverseResponse run(AppUser user, DataverseRequest request, boolean permitHeld) {
        Instant started = clock.instant();
        boolean renewed = false;
        String token = null;
        int transportFailures = 0;
        boolean holding = permitHeld;
        while (true) {
            if (!holding) {
                acquire(user, request);
            }
            holding = false;
            DataverseResponse response;
            try {
                if (token == null) {
                    token = user.tokens().token();
                }
                // a permit taken just before another request's 429 shut the gate must not be used until it opens
                awaitOpen(user, request);
                response = http.send(request, token, user.name());
            } catch (DataverseException e) {
                user.budget().release();
                if (!e.error().retryable()) {
                    throw e;
                }
                Duration pause = backoff(++transportFailures);
                giveUpIfTooLate(started, pause, e.error());
                LOG.warn("Dataverse {} as '{}': {}; trying again in {} ms", request, user.name(), e.error().message(),
                        pause.toMillis());
                sleep(pause, request);
                continue;
            } catch (RuntimeException e) {
                user.budget().release();
                throw e;
            }
            int status = response.status();
            Duration wait = null;
            if (status == 429 || status == 503) {
                // Shut the gate before the permit frees: freed first, the permit went to a waiting thread whose request
                // left inside the Retry-After. [api-limits]
                wait = RetryAfter.parse(response.header("Retry-After").orElse(null), clock.instant())
                        .orElseGet(() -> backoff(1));
                user.budget().throttled(clock.instant().plus(wait),
                        DataverseError.meansTooManyAtOnce(status, response.error().code()));
            }
            user.budget().release();
            if (status == 401 && !renewed) {
                // The token expired or was revoked: renew once, resend once. [authenticate-oauth]
                renewed = true;
                LOG.info("Dataverse answered 401 to '{}'; renewing its token and sending {} again", user.name(),
                        request);
                token = user.tokens().renewedToken();
                continue;
            }
            if (wait != null) {
                // Wait at least Retry-After, then resend the same request; the user's channel stays shut meanwhile
                // because every request sent during the penalty makes it longer. [api-limits]
                DataverseError error = response.error();
                giveUpIfTooLate(started, wait, error);
                LOG.warn("Dataverse {} for '{}' ({}); its requests wait {} ms, now at most {} in flight", status,
                        user.name(), error.codeOrStatus(), wait.toMillis(), user.budget().limit());
                continue;
            }
            if (response.isSuccess()) {
                user.budget().succeeded();
            }
            return response;
        }
    }

    /**
     * Shuts a user's channel for {@code wait} after a throttled answer that came inside a 200 (a {@code $batch}
     * part); the same rule as for a whole request applies. [api-limits]
     */
    public void throttled(String appUser, Duration wait, boolean halve) {
        pool.user(appUser).ifPresent(u -> u.budget().throttled(clock.instant().plus(wait), halve));
    }

    /** How long to wait after the n-th failure in a row without a Retry-After. */
    public Duration backoffAfter(int failures) {
        return backoff(failures);
    }

    /** Whether waiting {@code wait} more, counted from {@code started}, would pass the give-up time. */
    public boolean tooLate(Instant started, Duration wait) {
        return Duration.between(started, clock.instant()).plus(wait).compareTo(settings.giveUpAfter()) > 0;
    }

    Clock clock() {
        return clock;
    }

    private static void awaitOpen(AppUser user, DataverseRequest request) {
        try {
            user.budget().awaitOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataverseException(DataverseError.transport(request + ": interrupted", false));
        }
    }

    private void acquire(AppUser user, DataverseRequest request) {
        try {
            user.budget().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataverseException(DataverseError.transport(request + ": interrupted", false));
        }
    }

    private void giveUpIfTooLate(Instant started, Duration nextWait, DataverseError error) {
        Duration spent = Duration.between(started, clock.instant());
        if (spent.plus(nextWait).compareTo(settings.giveUpAfter()) > 0) {
            throw new DataverseException(error.gaveUp("gave up after " + spent.toSeconds() + " s; "
                    + "dataverse.client.give-up-after-seconds is " + settings.giveUpAfter().toSeconds()));
        }
    }

    private Duration backoff(int attempt) {
        long initial = settings.backoffInitial().toMillis();
        long millis = initial * (1L << Math.min(20, Math.max(0, attempt - 1)));
        return Duration.ofMillis(Math.min(settings.backoffMax().toMillis(), millis));
    }

    private static void sleep(Duration d, DataverseRequest request) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataverseException(DataverseError.transport(request + ": interrupted", false));
        }
    }
}
