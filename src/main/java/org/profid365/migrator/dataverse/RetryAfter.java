package org.profid365.migrator.dataverse;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header: seconds (the Web API's form, [api-limits]), or an HTTP date; a time span
 * {@code hh:mm:ss} is accepted too because the SDK reports the same value that way. Rounded up, never down.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            BigDecimal seconds = new BigDecimal(v);
            if (seconds.signum() < 0) {
                return Optional.empty();
            }
            long millis = seconds.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            return Optional.of(Duration.ofMillis(millis));
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            // fall through to the other forms
        }
        if (v.matches("\\d+:\\d{2}:\\d{2}(\\.\\d+)?")) {
            String[] p = v.split(":");
            BigDecimal s = new BigDecimal(p[2]);
            long millis = Long.parseLong(p[0]) * 3_600_000L + Long.parseLong(p[1]) * 60_000L
                    + s.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValue();
            return Optional.of(Duration.ofMillis(millis));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (RuntimeException notADate) {
            return Optional.empty();
        }
    }
}
