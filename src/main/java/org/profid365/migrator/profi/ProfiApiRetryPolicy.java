package org.profid365.migrator.profi;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * When and how long the Profi API pull waits before asking again: 429, 5xx, time-outs and connection errors
 * are retried, honouring {@code Retry-After} (at least that long), else with doubling back-off, until the
 * configured give-up time has passed since the first failure in a row. Other answers (401, 404, ...) are not
 * retried: asking again cannot help.
 *
 * <p>Camel's error handler calls {@link #process} (onExceptionOccurred) before {@link #withinGiveUpTime}
 * (retryWhile) and then reads the {@code CamelRedeliveryDelay} header this sets.
 */
public final class ProfiApiRetryPolicy implements Processor {

    static final String FIRST_FAILURE = "profiApiFirstFailure";
    static final String NEXT_DELAY = "profiApiNextDelay";

    private final Duration giveUpAfter;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    public ProfiApiRetryPolicy(Duration giveUpAfter, long initialBackoffMs, long maxBackoffMs) {
        this.giveUpAfter = giveUpAfter;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    /** onWhen: only what can succeed later is retried. */
    public boolean isRetryable(Exchange exchange) {
        Throwable e = failure(exchange);
        if (e instanceof HttpOperationFailedException h) {
            int s = h.getStatusCode();
            return s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
        }
        return e instanceof IOException || (e != null && e.getCause() instanceof IOException);
    }

    @Override
    public void process(Exchange exchange) {
        Instant first = exchange.getProperty(FIRST_FAILURE, Instant.class);
        if (first == null) {
            exchange.setProperty(FIRST_FAILURE, Instant.now());
        }
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        long backoff = Math.min(maxBackoffMs, initialBackoffMs * (1L << Math.min(attempt, 20)));
        long delay = backoff;
        Long retryAfter = retryAfterMillis(failure(exchange));
        if (retryAfter != null) {
            delay = Math.max(retryAfter, 0); // at least what the server asked, never shortened by our back-off cap
        }
        exchange.setProperty(NEXT_DELAY, delay);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
    }

    /** retryWhile: retry while the next attempt would still start inside the give-up window. */
    public boolean withinGiveUpTime(Exchange exchange) {
        Instant first = exchange.getProperty(FIRST_FAILURE, Instant.class);
        long delay = exchange.getProperty(NEXT_DELAY, 0L, Long.class);
        if (first == null) {
            return true;
        }
        return Duration.between(first, Instant.now()).plusMillis(delay).compareTo(giveUpAfter) <= 0;
    }

    /** The error handler has the exception on the exchange or, while matching clauses, in EXCEPTION_CAUGHT. */
    private static Throwable failure(Exchange exchange) {
        Throwable e = exchange.getException();
        return e != null ? e : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** A successful answer ends the run of failures. */
    public static void reset(Exchange exchange) {
        exchange.removeProperty(FIRST_FAILURE);
        exchange.removeProperty(NEXT_DELAY);
    }

    static Long retryAfterMillis(Throwable e) {
        if (!(e instanceof HttpOperationFailedException h) || h.getResponseHeaders() == null) {
            return null;
        }
        String value = null;
        for (Map.Entry<String, String> header : h.getResponseHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Retry-After")) {
                value = header.getValue();
            }
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim()) * 1000;
        } catch (NumberFormatException notSeconds) {
            try { // Retry-After may also be an HTTP date
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(Instant.now(), at.toInstant()).toMillis());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
