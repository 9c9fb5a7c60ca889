package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void seconds_are_read_and_fractions_rounded_up() {
        assertThat(RetryAfter.parse("2", NOW)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 0.0011 ", NOW)).contains(Duration.ofMillis(2));
    }

    @Test
    void an_http_date_and_a_time_span_are_read_too() {
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 10:00:05 GMT", NOW)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("00:01:30", NOW)).contains(Duration.ofSeconds(90));
    }

    @Test
    void missing_or_garbled_values_give_nothing() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
    }
}
