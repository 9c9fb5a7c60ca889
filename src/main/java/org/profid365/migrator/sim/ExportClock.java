package org.profid365.migrator.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * The export's time line: a fixed export instant derived from the seed (never the wall clock), the workspace's
 * start six years before, and the several ways Profi writes a timestamp.
 */
final class ExportClock {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private static final Instant EARLIEST_EXPORT = Instant.parse("2025-01-06T17:00:00Z");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final Instant exportedAt;
    private final Instant workspaceStart;

    ExportClock(long seed) {
        long days = Math.floorMod(seed, 300);
        long seconds = Math.floorMod(seed >>> 9, 8 * 3600);
        this.exportedAt = EARLIEST_EXPORT.plus(days, ChronoUnit.DAYS).plusSeconds(seconds);
        this.workspaceStart = exportedAt.minus(6 * 365, ChronoUnit.DAYS);
    }

    Instant exportedAt() {
        return exportedAt;
    }

    Instant workspaceStart() {
        return workspaceStart;
    }

    /** The manifest's {@code exported_at}: always UTC. */
    String exportedAtText() {
        return UTC.format(exportedAt.atOffset(ZoneOffset.UTC));
    }

    /** Clients join in id order over the workspace's life, leaving the last month for brand-new ones. */
    Instant clientCreated(int index, int clients, SplittableRandom random) {
        long span = Duration.between(workspaceStart.plus(20, ChronoUnit.DAYS), exportedAt.minus(2, ChronoUnit.DAYS)).getSeconds();
        double position = (index + random.nextDouble()) / clients;
        return workspaceStart.plus(20, ChronoUnit.DAYS).plusSeconds((long) (position * span));
    }

    /** A random moment between two instants (the first when they are out of order). */
    Instant between(SplittableRandom random, Instant from, Instant to) {
        long span = Duration.between(from, to).getSeconds();
        return span <= 0 ? from : from.plusSeconds((long) (random.nextDouble() * span));
    }

    /** The first working-hours slot (Mon–Sat, 08:00–19:45 local, quarter hours) on or after a day's start. */
    Instant appointmentOn(SplittableRandom random, Instant day) {
        LocalDate date = day.atZone(ZONE).toLocalDate();
        while (date.getDayOfWeek().getValue() == 7) {
            date = date.plusDays(1);
        }
        LocalDateTime local = date.atTime(8 + random.nextInt(12), 15 * random.nextInt(4));
        return local.atZone(ZONE).toInstant();
    }

    /**
     * A timestamp as exports write them: mostly UTC with {@code Z}, some with the local offset, a few with
     * milliseconds, and about 4% without any offset (which means the manifest's time zone).
     */
    String timestamp(SplittableRandom random, Instant at) {
        double style = random.nextDouble();
        if (style < 0.62) {
            return UTC.format(at.atOffset(ZoneOffset.UTC));
        }
        if (style < 0.72) {
            return UTC_MILLIS.format(at.plusMillis(1 + random.nextInt(998)).atOffset(ZoneOffset.UTC));
        }
        if (style < 0.96) {
            return OFFSET.format(at.atZone(ZONE));
        }
        return LOCAL.format(at.atZone(ZONE));
    }

    /** A timestamp always with an offset (for values a test must parse without a zone). */
    String utc(Instant at) {
        return UTC.format(at.atOffset(ZoneOffset.UTC));
    }

    static String date(LocalDate date) {
        return date.toString();
    }

    LocalDate localDate(Instant at) {
        return at.atZone(ZONE).toLocalDate();
    }
}
