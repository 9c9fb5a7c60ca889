package org.profid365.migrator.profi;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one staged record against the export contract: ids present, numbers, booleans, dates and timestamps
 * readable and inside the accepted range, currencies real, custom-field values of their declared type.
 *
 * <p>It judges structure, not business meaning: an unknown status, an odd email or a phone in any format are
 * kept (inventory reports them, the mapping decides), because refusing them here would lose data the user
 * may still map. References between files are checked after a whole export is staged, in SQL.
 */
public final class RecordValidator {

    private final ZoneId zone;
    private final LocalDate minDate;
    private final LocalDate maxDate;
    private final Map<String, Map<String, CustomFieldDefinition>> customFields = new HashMap<>();

    /**
     * @param zone    the manifest's time zone, for timestamps written without an offset
     * @param minDate earliest accepted date (Dataverse itself stores nothing before 1753-01-01)
     * @param maxDate latest accepted date
     */
    public RecordValidator(ZoneId zone, LocalDate minDate, LocalDate maxDate) {
        this.zone = zone;
        this.minDate = minDate;
        this.maxDate = maxDate;
    }

    /** Makes custom-field values of this definition subject to its type. */
    public void define(CustomFieldDefinition def) {
        customFields.computeIfAbsent(def.entity(), e -> new HashMap<>()).put(def.column(), def);
    }

    public void define(ProfiRecord customFieldRow) {
        define(CustomFieldDefinition.from(customFieldRow));
    }

    /** All problems of a record; empty when it is fine. */
    public List<RecordProblem> validate(ProfiRecord r) {
        List<RecordProblem> problems = new ArrayList<>();
        for (Column c : r.object().columns()) {
            String v = r.get(c.name());
            if (v == null || v.isBlank()) {
                if (c.required()) {
                    problems.add(new RecordProblem(c.name(), c.name() + " is empty but required"));
                }
                continue;
            }
            String problem = checkType(c.type(), v);
            if (problem != null) {
                problems.add(new RecordProblem(c.name(), c.name() + " " + problem));
            }
        }
        checkCustomFields(r, problems);
        checkRules(r, problems);
        return problems;
    }

    private void checkCustomFields(ProfiRecord r, List<RecordProblem> problems) {
        Map<String, CustomFieldDefinition> defs = r.object().customFieldEntity().map(customFields::get).orElse(null);
        if (defs == null) {
            return;
        }
        for (Map.Entry<String, String> f : r.fields().entrySet()) {
            CustomFieldDefinition def = defs.get(f.getKey());
            if (def == null || f.getValue().isBlank()) {
                continue;
            }
            String problem = checkType(customType(def.type()), f.getValue());
            if (problem != null) {
                problems.add(new RecordProblem(f.getKey(), f.getKey() + " (custom field of type " + def.type() + ") " + problem));
            }
        }
    }

    private static ColumnType customType(String type) {
        if (type == null) {
            return ColumnType.TEXT;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "number", "decimal" -> ColumnType.DECIMAL; // "number" fields may hold fractions: the map decides
            case "date" -> ColumnType.DATE;
            case "datetime" -> ColumnType.TIMESTAMP;
            case "boolean" -> ColumnType.BOOLEAN;
            case "url" -> ColumnType.URL;
            default -> ColumnType.TEXT;
        };
    }

    /** Rules that span two columns of one record. */
    private void checkRules(ProfiRecord r, List<RecordProblem> problems) {
        if (r.object() == ProfiObject.SESSION) {
            Instant start = instantOrNull(r.get("start_at"));
            Instant end = instantOrNull(r.get("end_at"));
            if (start != null && end != null && end.isBefore(start)) {
                problems.add(new RecordProblem("end_at", "end_at " + r.get("end_at") + " is before start_at " + r.get("start_at")));
            }
        }
        if (r.object() == ProfiObject.ENROLLMENT) {
            BigDecimal p = decimalOrNull(r.get("progress_percent"));
            if (p != null && (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0)) {
                problems.add(new RecordProblem("progress_percent", "progress_percent " + p + " is outside 0..100"));
            }
        }
        if (r.object() == ProfiObject.FILE && r.get("path") == null && r.get("url") == null) {
            problems.add(new RecordProblem("path", "the file has neither a path nor a url"));
        }
    }

    /** Null when the text is a valid value of the type, else the reason (without the column name). */
    String checkType(ColumnType type, String raw) {
        String v = raw.trim();
        switch (type) {
            case INTEGER:
                try {
                    Long.parseLong(v);
                    return null;
                } catch (NumberFormatException e) {
                    return "'" + v + "' is not a whole number";
                }
            case DECIMAL:
                return decimalOrNull(v) != null ? null : "'" + v + "' is not a decimal number";
            case BOOLEAN:
                return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null : "'" + v + "' is not true or false";
            case DATE:
                try {
                    return inRange(LocalDate.parse(v), v);
                } catch (DateTimeParseException e) {
                    return "'" + v + "' is not a date (YYYY-MM-DD)";
                }
            case TIMESTAMP:
                Instant i = instantOrNull(v);
                if (i == null) {
                    return "'" + v + "' is not an ISO-8601 timestamp";
                }
                return inRange(LocalDate.ofInstant(i, ZoneOffset.UTC), v);
            case CURRENCY:
                try {
                    Currency.getInstance(v.toUpperCase(Locale.ROOT));
                    return v.length() == 3 ? null : "'" + v + "' is not an ISO-4217 currency code";
                } catch (IllegalArgumentException e) {
                    return "'" + v + "' is not an ISO-4217 currency code";
                }
            case URL:
                try {
                    // people type websites without a scheme (www.acme.de): accepted, the mapping adds https://
                    URI u = new URI(v.contains("://") ? v : "https://" + v);
                    return u.getHost() != null && u.getHost().contains(".") ? null : "'" + v + "' is not an absolute URL";
                } catch (URISyntaxException e) {
                    return "'" + v + "' is not a URL";
                }
            default:
                return null;
        }
    }

    private String inRange(LocalDate d, String raw) {
        if (d.isBefore(minDate) || d.isAfter(maxDate)) {
            return raw + " is outside the accepted range " + minDate + ".." + maxDate;
        }
        return null;
    }

    /** Reads an ISO-8601 timestamp; one without an offset is in the export's time zone. */
    public Instant instantOrNull(String raw) {
        return ProfiTimestamps.parse(raw, zone);
    }

    private static BigDecimal decimalOrNull(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.trim();
        // a plain decimal with a dot: no exponent, no thousands separators, no currency signs
        if (!v.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return null;
        }
        return new BigDecimal(v);
    }
}
