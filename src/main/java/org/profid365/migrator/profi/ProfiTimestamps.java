package org.profid365.migrator.profi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;

/** Reads Profi's ISO-8601 timestamps: with an offset as written, without one in the export's time zone. */
public final class ProfiTimestamps {

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
        try {
            // one parse for both forms: trying one and catching its exception cost a stack trace per timestamp
            TemporalAccessor t = LOCAL_WITH_OPTIONAL_OFFSET.parseBest(raw.trim(), OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).atZone(exportZone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
