package org.profid365.migrator.profi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Reads Profi's ISO-8601 timestamps: with an offset as written, without one in the export's time zone. */
public final class ProfiTimestamps {

    private ProfiTimestamps() {
    }

    /** The instant, or null when the text is empty or not an ISO-8601 date-time. */
    public static Instant parse(String raw, ZoneId exportZone) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v).atZone(exportZone).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
