package org.profid365.migrator.profi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ProfiTimestampsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void a_timestamp_with_an_offset_is_read_as_written() {
        assertThat(ProfiTimestamps.parse("2024-03-05T10:15:30+02:00", BERLIN)).isEqualTo(Instant.parse("2024-03-05T08:15:30Z"));
        assertThat(ProfiTimestamps.parse(" 2024-03-05t10:15:30.250z ", BERLIN)).isEqualTo(Instant.parse("2024-03-05T10:15:30.250Z"));
    }

    @Test
    void a_timestamp_without_an_offset_is_in_the_exports_time_zone() {
        assertThat(ProfiTimestamps.parse("2024-07-01T12:00", BERLIN)).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
        assertThat(ProfiTimestamps.parse("2024-01-01T12:00:00", BERLIN)).isEqualTo(Instant.parse("2024-01-01T11:00:00Z"));
    }

    @Test
    void empty_or_unreadable_text_is_null() {
        assertThat(ProfiTimestamps.parse(null, BERLIN)).isNull();
        assertThat(ProfiTimestamps.parse("  ", BERLIN)).isNull();
        assertThat(ProfiTimestamps.parse("2024-02-30T10:00:00", BERLIN)).isNull();
        assertThat(ProfiTimestamps.parse("2024-03-05", BERLIN)).isNull();
        assertThat(ProfiTimestamps.parse("2024-03-05T10:00:00+01:00[Europe/Paris]", BERLIN)).isNull();
        assertThat(ProfiTimestamps.parse("yesterday", BERLIN)).isNull();
    }
}
