package org.profid365.migrator.profi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;

/**
 * Reads Profi's ISO-8601 timestamps: with an offset as written, without one in the export's time zone. The common
 * shapes ({@code 2024-03-05T10:15[:30[.250]][Z|+02:00]}) are read by hand: java.time's parser allocates about 1 KB per
 * call and a load reads several timestamps per record. Anything else goes to the formatter, which has the last word.
 */
public final class ProfiTimestamps {

    /** What {@link #common} answers when the text is not one of the common shapes. */
    private static final Instant UNCOMMON = Instant.MIN;

    /** ISO_OFFSET_DATE_TIME with the offset optional (ISO_DATE_TIME would also take a [zone] suffix). */
    private static final DateTimeFormatter LOCAL_WITH_OPTIONAL_OFFSET = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter().withResolverStyle(ResolverStyle.STRICT).withChronology(IsoChronology.INSTANCE);

    private ProfiTimestamps() {
    }

    /** The instant, or null when the text is empty or not an ISO-8601 date-time. */
    public static Instant parse(String raw, ZoneId exportZone) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        Instant fast = common(v, exportZone);
        if (fast != UNCOMMON) {
            return fast;
        }
        try {
            // one parse for both forms: trying one and catching its exception cost a stack trace per timestamp
            TemporalAccessor t = LOCAL_WITH_OPTIONAL_OFFSET.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).atZone(exportZone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * An ISO-8601 date-time that must carry an offset, read as {@link OffsetDateTime#parse} reads it: the Dataverse
     * simulator's check of Edm.DateTimeOffset values. The common shapes are read by hand as in {@link #parse}; anything
     * else, and any value out of range, goes to OffsetDateTime.parse, which has the last word.
     *
     * @throws DateTimeException when OffsetDateTime.parse refuses the text
     */
    public static Instant parseWithOffset(String text) {
        Instant fast = common(text, null);
        return fast != null && fast != UNCOMMON ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm[:ss[.f{1,9}]]} with no offset, {@code Z} or {@code ±HH:MM}: the instant, or null when
     * a field is out of range (as the strict formatter would refuse it); {@link #UNCOMMON} for any other shape, and
     * for a text without an offset when {@code zone} is null.
     */
    static Instant common(String s, ZoneId zone) {
        int n = s.length();
        if (n < 16 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':') {
            return UNCOMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if ((year | month | day | hour | minute) < 0) {
            return UNCOMMON;
        }
        int second = 0;
        int nano = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            second = i + 3 <= n ? digits(s, i + 1, 2) : -1;
            if (second < 0) {
                return UNCOMMON;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 9 && isAsciiDigit(s.charAt(i))) {
                    nano = nano * 10 + (s.charAt(i) - '0');
                    i++;
                }
                if (i == start || (i < n && isAsciiDigit(s.charAt(i)))) {
                    return UNCOMMON;
                }
                for (int k = i - start; k < 9; k++) {
                    nano *= 10;
                }
            }
        }
        ZoneOffset offset = null;
        if (i < n) {
            char c = s.charAt(i);
            if ((c == 'Z' || c == 'z') && i == n - 1) {
                offset = ZoneOffset.UTC;
            } else if ((c == '+' || c == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2);
                int om = digits(s, i + 4, 2);
                if ((oh | om) < 0) {
                    return UNCOMMON;
                }
                try {
                    offset = c == '+' ? ZoneOffset.ofHoursMinutes(oh, om) : ZoneOffset.ofHoursMinutes(-oh, -om);
                } catch (DateTimeException e) {
                    return null;
                }
            } else {
                return UNCOMMON;
            }
        }
        if (offset == null && zone == null) {
            return UNCOMMON;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
            return offset != null ? local.toInstant(offset) : local.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Only 0-9: java.time's parser takes no other digits, and c - '0' is a digit's value only for these. */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isAsciiDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
