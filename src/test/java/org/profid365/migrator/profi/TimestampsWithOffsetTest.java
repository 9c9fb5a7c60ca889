package org.profid365.migrator.profi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ProfiTimestamps.parseWithOffset, the Dataverse simulator's check of Edm.DateTimeOffset values, must accept, refuse and
 * mean exactly what OffsetDateTime.parse does, though it reads the common shapes by hand.
 */
class TimestampsWithOffsetTest {

    @Test
    void the_common_shape_is_read_by_the_fast_path_as_java_time_reads_it() {
        List<String> common = List.of("2024-03-01T08:00:00Z", "2024-03-01T09:00:00+01:00", "1999-12-31T23:59:59-05:30",
                "2024-02-29T12:00:00.5Z", "2024-02-29T12:00:00.123456789+14:00", "1753-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-06-30T00:00:00.000+00:00");
        for (String s : common) {
            assertThat(ProfiTimestamps.common(s, null)).as(s).isNotNull().isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
    }

    @Test
    void anything_else_is_accepted_or_refused_as_java_time_does() {
        List<String> other = List.of("2024-02-30T08:00:00Z", "2023-02-29T08:00:00Z", "2024-04-31T08:00:00Z",
                "2024-13-01T08:00:00Z", "2024-00-10T08:00:00Z", "2024-03-01T24:00:00Z", "2024-03-01T23:60:00Z",
                "2024-03-01T23:59:60Z", "2024-03-01T08:00Z", "2024-03-01t08:00:00z", "2024-03-01T08:00:00",
                "2024-03-01 08:00:00Z", "2024-03-01T08:00:00.Z", "2024-03-01T08:00:00.1234567890Z",
                "2024-03-01T08:00:00+1:00", "2024-03-01T08:00:00+01", "2024-03-01T08:00:00+0100",
                "2024-03-01T08:00:00+18:00", "2024-03-01T08:00:00-18:00", "2024-03-01T08:00:00+18:01",
                "2024-03-01T08:00:00-00:00", "2024-03-01T08:00:00+01:00:30", "+12024-03-01T08:00:00Z",
                "2024-03-01T08:00:00Z ", " 2024-03-01T08:00:00Z", "2024-3-01T08:00:00Z", "２０２４-03-01T08:00:00Z",
                "2024-03-01T08:00:00+01:60", "2024-03-01T08:00:00.12345678５Z", "", "yesterday");
        for (String s : other) {
            assertThat(outcome(() -> ProfiTimestamps.parseWithOffset(s))).as(s)
                    .isEqualTo(outcome(() -> OffsetDateTime.parse(s).toInstant()));
        }
    }

    @Test
    void random_values_near_the_common_shape_get_the_same_answer_from_both() {
        Random random = new Random(7);
        String alphabet = "0123456789-:T.Z+ z";
        List<String> differ = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            StringBuilder s = new StringBuilder("2024-02-29T23:59:59.123+05:30");
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                s.setCharAt(random.nextInt(s.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(4) == 0) {
                s.setLength(19 + random.nextInt(s.length() - 19));
            }
            String text = s.toString();
            if (!outcome(() -> ProfiTimestamps.parseWithOffset(text)).equals(outcome(() -> OffsetDateTime.parse(text).toInstant()))) {
                differ.add(text);
            }
        }
        assertThat(differ).isEmpty();
    }

    private static String outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return parse.get().toString();
        } catch (DateTimeException e) {
            return "refused";
        }
    }
}
