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
    void the_hand_read_common_shapes_agree_with_the_iso_formatter() {
        java.time.format.DateTimeFormatter iso = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
                .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffsetId().optionalEnd()
                .toFormatter().withResolverStyle(java.time.format.ResolverStyle.STRICT)
                .withChronology(java.time.chrono.IsoChronology.INSTANCE);
        java.util.Random random = new java.util.Random(7);
        String[] dates = {"2024-03-05", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "0000-01-01",
            "9999-12-31", "2024-3-05", "20240305xx"};
        String[] times = {"T10:15", "t10:15:30", "T23:59:59.999999999", "T24:00", "T10:60", "T10:15:61", "T10:15:30.",
            "T10:15:30.1234567891", "T10:15:30.5", "T10:15:30.12345678５", "T1:15", "T10:15:3"};
        String[] offsets = {"", "Z", "z", "+02:00", "-05:30", "+18:00", "+19:00", "+02:60", "+0200", "+02", "+02:00:00",
            "[Europe/Paris]", " ", "Zx"};
        int checked = 0;
        for (String d : dates) {
            for (String t : times) {
                for (String o : offsets) {
                    String text = d + t + o;
                    Instant expected;
                    try {
                        java.time.temporal.TemporalAccessor a = iso.parseBest(text.trim(), java.time.OffsetDateTime::from,
                                java.time.LocalDateTime::from);
                        expected = a instanceof java.time.OffsetDateTime odt ? odt.toInstant()
                                : ((java.time.LocalDateTime) a).atZone(BERLIN).toInstant();
                    } catch (java.time.format.DateTimeParseException e) {
                        expected = null;
                    }
                    assertThat(ProfiTimestamps.parse(text, BERLIN)).as(text).isEqualTo(expected);
                    checked++;
                }
            }
        }
        for (int k = 0; k < 2_000; k++) {
            Instant i = Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 5_000_000_000L), random.nextInt(1_000_000_000));
            String text = i.atOffset(java.time.ZoneOffset.ofTotalSeconds(60 * random.nextInt(-18 * 60, 18 * 60 + 1))).toString();
            assertThat(ProfiTimestamps.parse(text, BERLIN)).as(text).isEqualTo(i);
        }
        assertThat(checked).isEqualTo(dates.length * times.length * offsets.length);
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
