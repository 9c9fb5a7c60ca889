package org.profid365.migrator.dataverse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Literals for {@code $filter} expressions, before URL encoding: strings in single quotes with every inner quote
 * doubled ({@code O'Brien} → {@code 'O''Brien'}), GUIDs bare, dates {@code YYYY-MM-DD}, times UTC with {@code Z}.
 * [dataverse.md Reading; webapi/query-data-web-api]
 */
public final class ODataLiteral {

    private ODataLiteral() {
    }

    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    public static String guid(UUID value) {
        return value == null ? "null" : value.toString();
    }

    /** Date-only columns compare with {@code YYYY-MM-DD}. */
    public static String date(LocalDate value) {
        return value == null ? "null" : value.format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /** Date-and-time columns compare in UTC, written with {@code Z}. */
    public static String dateTime(Instant value) {
        return value == null ? "null" : DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String number(long value) {
        return Long.toString(value);
    }

    public static String number(BigDecimal value) {
        return value == null ? "null" : value.toPlainString();
    }

    public static String bool(boolean value) {
        return Boolean.toString(value);
    }
}
