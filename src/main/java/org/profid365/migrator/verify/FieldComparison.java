package org.profid365.migrator.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.profid365.migrator.mapping.FieldMapping;
import org.profid365.migrator.mapping.MappedRecord;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.mapping.PaymentsAndUnpaidInvoicesRule;
import org.profid365.migrator.mapping.RecordMapper;
import org.profid365.migrator.mapping.RelatedRecords;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * The field-level comparison of one migrated record, used by the sample run's diff and by {@code verify}: for each
 * source field, the source value, the transform the mapping applies, the value expected in Dynamics (from the
 * mapper's payload) and the value read back, with a status:
 * <ul>
 *   <li>{@code match}: the value arrived as it is in Profi (or both sides are empty);</li>
 *   <li>{@code transformed}: the expected value differs from the source (transform, value map, lookup id, rule) and
 *       the value read back equals the expected one;</li>
 *   <li>{@code mismatch}: the value read back differs from the expected one (or the record is not in Dynamics);</li>
 *   <li>{@code not migrated}: the mapping skips the field (with its reason), does not name it, or the record went to
 *       the dead letters.</li>
 * </ul>
 * Columns the rules write that no source field names (a lead's subject, a task's actual start, its state) are
 * compared too, under the field {@code (rule)}.
 *
 * <p>Values are compared by kind: lookups as ids ({@code /set(<id>)} of the bind against {@code _<column>_value},
 * the column found by {@link TargetColumns#lookupColumn}), numbers as decimals, date-times as instants to the second
 * and dates as dates, multi-select choices as sets, everything else as text. {@code overriddencreatedon} is read
 * back as {@code createdon}, which Dataverse sets from it. An unset Boolean read back as {@code false} is the
 * column's default, not a difference.
 */
public final class FieldComparison {

    /** The status of one compared field. */
    public enum Status {
        MATCH("match"), TRANSFORMED("transformed"), MISMATCH("mismatch"), NOT_MIGRATED("not migrated");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One row of the diff.
     *
     * @param field     the Profi field ({@code (rule)} for columns only rules write, {@code (record)} for the record)
     * @param column    the Dynamics column compared (lookups as their column), empty when nothing was compared
     * @param transform what the mapping does to the value
     * @param note      why, for a mismatch or a field not migrated
     */
    public record Row(String objectType, String profiId, String table, String targetId, String field, String column,
                      String source, String transform, String expected, String actual, Status status, String note) {
    }

    /** The field name of columns only rules write. */
    public static final String RULE_FIELD = "(rule)";
    /** The field name of a row about the record as a whole. */
    public static final String RECORD_FIELD = "(record)";

    /** Columns each rule writes besides the mapping's fields (lookups as {@code _<column>_value}); docs/mapping.md. */
    static final Map<String, List<String>> RULE_COLUMNS = Map.of(
            "coach-profile", List.of("profi_name", "_profi_userid_value"),
            "lead-subject", List.of("subject"),
            "enrollment-name", List.of("profi_name"),
            "payments-and-unpaid-invoices", List.of("profi_name"),
            "package-link-rebuild", List.of("profi_packagelinkinferred"),
            "one-task-per-participant", List.of("subject", "actualstart", "actualend", "actualdurationminutes",
                    "_regardingobjectid_value"),
            "close-task-after-create", List.of("statecode", "statuscode"),
            "note-on-client-or-session", List.of("_objectid_value", "notetext"),
            "file-attachment", List.of("_objectid_value", "subject", "isdocument", "mimetype", "documentbody"));

    private static final Pattern BIND = Pattern.compile("^/?([A-Za-z0-9_]+)\\(([0-9a-fA-F-]{36})\\)$");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern OPTION_LIST = Pattern.compile("-?\\d+(\\s*,\\s*-?\\d+)*");
    private static final int SHOWN = 200;
    /** Columns Dataverse takes on create only; an update of a matched record leaves them out. */
    private static final Set<String> CREATE_ONLY = Set.of("overriddencreatedon");
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final MappingFile mapping;
    private final TargetColumns columns;
    private final Map<String, List<String>> selects = new HashMap<>();

    public FieldComparison(MappingFile mapping, TargetColumns columns) {
        this.mapping = mapping;
        this.columns = columns;
    }

    // ---- what to read ----------------------------------------------------------------------------------------

    /**
     * The columns to {@code $select} when reading {@code table} back: the primary key and every column the mapping
     * or its rules write to it (lookups as {@code _<column>_value}), those the table has in the org.
     */
    public synchronized List<String> select(String table) {
        return selects.computeIfAbsent(table, t -> {
            Set<String> wanted = new LinkedHashSet<>();
            wanted.add(columns.table(t).primaryIdAttribute());
            wanted.add(TargetColumns.readName("ownerid")); // every owner is checked, also where Dataverse chose it
            for (ObjectMapping om : mapping.objects().values()) {
                ObjectMapping.TargetMapping target = om.targets().get(t);
                if (target == null) {
                    continue;
                }
                for (FieldMapping f : target.fields().values()) {
                    if (Boolean.TRUE.equals(f.owner())) {
                        wanted.add(TargetColumns.readName("ownerid"));
                    } else if (f.lookup() != null) {
                        wanted.add(TargetColumns.readName(columns.lookupColumn(t, f.lookup().navigation())));
                    } else if (f.column() != null) {
                        wanted.add(readColumn(f.column()));
                        if (f.also() != null) {
                            f.also().forEach(c -> wanted.add(readColumn(c)));
                        }
                        if (f.unknownTextColumn() != null) {
                            wanted.add(f.unknownTextColumn());
                        }
                        if (f.transform() != null && f.transform().contains("money")) {
                            wanted.add(TargetColumns.readName("transactioncurrencyid"));
                        }
                    }
                }
                target.columns().forEach((name, spec) -> wanted.add("Lookup".equals(spec.type())
                        ? TargetColumns.readName(name) : name));
                if (target.table() != null && target.table().primaryName() != null) {
                    wanted.add(target.table().primaryName());
                }
                for (String rule : om.rules()) {
                    wanted.addAll(RULE_COLUMNS.getOrDefault(rule, List.of()));
                }
            }
            List<String> out = new ArrayList<>();
            for (String c : wanted) {
                boolean lookup = c.startsWith("_") && c.endsWith("_value");
                String column = lookup ? c.substring(1, c.length() - 6) : c;
                if (lookup ? columns.isLookup(t, column) : columns.exists(t, column) && !columns.isLookup(t, column)) {
                    out.add(c);
                }
            }
            return List.copyOf(out);
        });
    }

    /** {@code overriddencreatedon} is read back as {@code createdon} (Dataverse moves the value there). */
    private static String readColumn(String column) {
        return column.equals("overriddencreatedon") ? "createdon" : column;
    }

    // ---- comparing -------------------------------------------------------------------------------------------

    /** A record that was not written: one row saying why. */
    public static Row notWritten(ProfiRecord source, String table, String reason) {
        return new Row(source.object().typeName(), source.profiId(), table == null ? "" : table, "", RECORD_FIELD, "",
                "", "", "", "", Status.NOT_MIGRATED, reason);
    }

    /**
     * The rows of one written record.
     *
     * @param source   the staged Profi record the target was made from
     * @param related  the related records of its batch (source values of {@code invoice.number} and the like)
     * @param expected the target as the mapper and rules make it
     * @param states   the state changes of this target (closing a task)
     * @param actual   the record read back with {@link #select}; null when it is not in Dynamics
     */
    public List<Row> compare(ProfiRecord source, RelatedRecords related, MappedRecord expected,
                             List<RuleEngine.StateChange> states, ObjectNode actual) {
        return compare(source, related, expected, states, actual, false);
    }

    /**
     * As above, for a record that existed in Dynamics before the migration and was matched and updated
     * ({@code existedBefore}): its create-only columns were not written, so they are not compared.
     */
    public List<Row> compare(ProfiRecord source, RelatedRecords related, MappedRecord expected,
                             List<RuleEngine.StateChange> states, ObjectNode actual, boolean existedBefore) {
        Context cx = new Context(source, expected, actual, existedBefore);
        if (actual == null) {
            cx.rows.add(cx.row(RECORD_FIELD, "", "", "", "(present)", "(not found)", Status.MISMATCH,
                    "the record is not in Dynamics"));
            return cx.rows;
        }
        String table = expected.table();
        ProfiRecord view = source.object() == ProfiObject.INVOICE ? PaymentsAndUnpaidInvoicesRule.asPayment(source) : source;
        String objectType = view.object().typeName();
        ObjectMapping om = mapping.objects().get(objectType);
        ObjectMapping.TargetMapping target = om == null ? null : om.targets().get(table);
        cx.handled.add(RecordMapper.primaryKey(table));
        cx.handled.add("@odata.type");
        if (target != null) {
            Map<String, String> lookupBinds = assignLookups(table, target, expected.payload());
            for (Map.Entry<String, FieldMapping> e : target.fields().entrySet()) {
                field(cx, view, related, table, e.getKey(), e.getValue(), lookupBinds);
            }
            for (Map.Entry<String, String> e : target.skip().entrySet()) {
                if (!target.fields().containsKey(e.getKey())) {
                    cx.rows.add(cx.row(e.getKey(), "", view.get(e.getKey()), "skip", "", "",
                            Status.NOT_MIGRATED, "skipped: " + e.getValue()));
                }
            }
            for (String name : sourceFields(view)) {
                if (!target.fields().containsKey(name) && !target.skip().containsKey(name) && !isCurrencyField(target, name)) {
                    cx.rows.add(cx.row(name, "", view.get(name), "", "", "", Status.NOT_MIGRATED,
                            "unmapped: the mapping has no field or skip entry for it"));
                }
            }
        }
        String rules = om == null || om.rules().isEmpty() ? "rule" : "rule " + String.join(", ", om.rules());
        expected.payload().fieldNames().forEachRemaining(name -> {
            if (!cx.handled.contains(name)) {
                if (name.endsWith("@odata.bind")) {
                    String nav = name.substring(0, name.length() - "@odata.bind".length());
                    compareLookup(cx, RULE_FIELD, "", rules, table, nav, expected.payload().get(name));
                } else {
                    compareColumn(cx, RULE_FIELD, "", rules, table, name, expected.payload().get(name));
                }
            }
        });
        for (RuleEngine.StateChange s : states) {
            compareColumn(cx, RULE_FIELD, "", "rule close-task-after-create", table, "statecode",
                    JSON.numberNode(s.statecode()));
            compareColumn(cx, RULE_FIELD, "", "rule close-task-after-create", table, "statuscode",
                    JSON.numberNode(s.statuscode()));
        }
        return cx.rows;
    }

    /** One comparison in progress. */
    private static final class Context {
        final ProfiRecord source;
        final MappedRecord expected;
        final ObjectNode actual;
        final boolean existedBefore;
        final Set<String> handled = new LinkedHashSet<>();
        final List<Row> rows = new ArrayList<>();

        Context(ProfiRecord source, MappedRecord expected, ObjectNode actual, boolean existedBefore) {
            this.source = source;
            this.expected = expected;
            this.actual = actual;
            this.existedBefore = existedBefore;
        }

        Row row(String field, String column, String source, String transform, String expected, String actual,
                Status status, String note) {
            return new Row(this.source.object().typeName(), this.source.profiId(), this.expected.table(),
                    this.expected.id().toString(), field, column, shown(source), transform, shown(expected), shown(actual),
                    status, note);
        }
    }

    private void field(Context cx, ProfiRecord view, RelatedRecords related, String table, String name, FieldMapping f,
                       Map<String, String> lookupBinds) {
        String source = sourceValue(cx.source, view, related, name);
        String transform = transformText(f);
        ObjectNode payload = cx.expected.payload();
        if (Boolean.TRUE.equals(f.owner())) {
            JsonNode bind = payload.get("ownerid@odata.bind");
            JsonNode actualOwner = cx.actual.get(TargetColumns.readName("ownerid"));
            if (bind == null && actualOwner != null && !actualOwner.isNull()) {
                cx.rows.add(cx.row(name, "ownerid", source, "owner resolution", "(the loading user)", actualOwner.asText(),
                        Status.TRANSFORMED, "no owner resolved and no fallback: Dataverse made the loading user the owner"));
                return;
            }
            compareLookup(cx, name, source, "owner resolution", table, "ownerid", bind);
            return;
        }
        if (f.lookup() != null) {
            String nav = lookupBinds.get(name);
            if (nav != null) {
                compareLookup(cx, name, source, transform, table, nav, payload.get(nav + "@odata.bind"));
                return;
            }
            String column = columns.lookupColumn(table, f.lookup().navigation());
            for (Map.Entry<String, String> other : lookupBinds.entrySet()) {
                if (column.equals(columns.lookupColumn(table, other.getValue()))) {
                    cx.rows.add(isEmpty(source)
                            ? cx.row(name, column, source, transform, "", "", Status.MATCH, "empty; " + column
                                    + " holds the link of field " + other.getKey())
                            : cx.row(name, column, source, transform, "", "", Status.NOT_MIGRATED, "the rules set "
                                    + column + " from field " + other.getKey() + " (" + other.getValue() + ") instead"));
                    return;
                }
            }
            compareLookup(cx, name, source, transform, table, f.lookup().navigation(), null);
            return;
        }
        if (f.column() == null) {
            return;
        }
        compareColumn(cx, name, source, transform, table, f.column(), payload.get(f.column()));
        if (f.also() != null) {
            for (String also : f.also()) {
                compareColumn(cx, name, source, transform, table, also, payload.get(also));
            }
        }
        if (f.unknownTextColumn() != null && payload.has(f.unknownTextColumn())) {
            compareColumn(cx, name, source, "unknown: keep-text", table, f.unknownTextColumn(),
                    payload.get(f.unknownTextColumn()));
        }
        if (f.transform() != null && f.transform().contains("money") && f.currencyField() != null) {
            compareLookup(cx, f.currencyField(), view.get(f.currencyField()), "currency by ISO code", table,
                    "transactioncurrencyid", payload.get("transactioncurrencyid@odata.bind"));
        }
    }

    /**
     * Which bind of the payload each lookup field is compared with: first the binds of exactly the field's
     * navigation, then a bind the rules switched to another navigation of the same column (a lead's
     * {@code objectid_lead} for {@code objectid_contact}). A field whose column another field already took maps to null.
     */
    private Map<String, String> assignLookups(String table, ObjectMapping.TargetMapping target, ObjectNode payload) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> binds = binds(payload);
        Set<String> taken = new LinkedHashSet<>();
        for (Map.Entry<String, FieldMapping> e : target.fields().entrySet()) {
            FieldMapping.Lookup l = e.getValue().lookup();
            if (l != null && binds.contains(l.navigation()) && taken.add(l.navigation())) {
                out.put(e.getKey(), l.navigation());
            }
        }
        for (Map.Entry<String, FieldMapping> e : target.fields().entrySet()) {
            FieldMapping.Lookup l = e.getValue().lookup();
            if (l == null || out.containsKey(e.getKey())) {
                continue;
            }
            String column = columns.lookupColumn(table, l.navigation());
            for (String nav : binds) {
                if (!taken.contains(nav) && column.equals(columns.lookupColumn(table, nav))) {
                    taken.add(nav);
                    out.put(e.getKey(), nav);
                    break;
                }
            }
        }
        return out;
    }

    private static List<String> binds(ObjectNode payload) {
        List<String> out = new ArrayList<>();
        payload.fieldNames().forEachRemaining(n -> {
            if (n.endsWith("@odata.bind") && !n.equals("ownerid@odata.bind") && !n.equals("transactioncurrencyid@odata.bind")) {
                out.add(n.substring(0, n.length() - "@odata.bind".length()));
            }
        });
        return out;
    }

    private void compareLookup(Context cx, String field, String source, String transform, String table, String navigation,
                               JsonNode bind) {
        if (bind != null) {
            cx.handled.add(navigation + "@odata.bind");
        }
        String column = navigation.equals("ownerid") || navigation.equals("transactioncurrencyid") ? navigation
                : columns.lookupColumn(table, navigation);
        String read = TargetColumns.readName(column);
        String expectedId = bind == null || bind.isNull() ? null : boundId(bind.asText());
        JsonNode a = cx.actual.get(read);
        if (a == null) {
            cx.rows.add(cx.row(field, column, source, transform, expectedId, "", Status.MISMATCH, notRead(table, column)));
            return;
        }
        String actualId = a.isNull() ? null : a.asText();
        boolean equal = expectedId == null ? actualId == null || actualId.isEmpty()
                : expectedId.equalsIgnoreCase(actualId == null ? "" : actualId);
        Status status;
        if (!equal) {
            status = Status.MISMATCH;
        } else if (expectedId == null && isEmpty(source)) {
            status = Status.MATCH;
        } else {
            status = expectedId != null && expectedId.equalsIgnoreCase(source == null ? "" : source.strip())
                    ? Status.MATCH : Status.TRANSFORMED;
        }
        cx.rows.add(cx.row(field, column, source, transform, expectedId, actualId, status,
                equal ? "" : "the lookup points elsewhere"));
    }

    private void compareColumn(Context cx, String field, String source, String transform, String table, String column,
                               JsonNode expected) {
        cx.handled.add(column);
        if (cx.existedBefore && CREATE_ONLY.contains(column)) {
            cx.rows.add(cx.row(field, column, source, transform, text(expected), "", Status.NOT_MIGRATED,
                    "create-only column: the record existed in Dynamics before the migration and was updated"));
            return;
        }
        String read = readColumn(column);
        JsonNode a = cx.actual.get(read);
        String shownColumn = read.equals(column) ? column : column + " (read as " + read + ")";
        String e = text(expected);
        if (a == null) {
            boolean nothingExpected = e == null;
            cx.rows.add(cx.row(field, shownColumn, source, transform, e, "", nothingExpected && isEmpty(source)
                    ? Status.MATCH : Status.MISMATCH, nothingExpected && isEmpty(source) ? "" : notRead(table, read)));
            return;
        }
        String type = columns.type(table, read);
        String actual = text(a);
        boolean equal = same(expected, a, type);
        Status status;
        if (!equal) {
            status = Status.MISMATCH;
        } else if (e == null && isEmpty(source)) {
            status = Status.MATCH;
        } else {
            status = e != null && source != null && same(JSON.textNode(source), JSON.textNode(e), type)
                    ? Status.MATCH : Status.TRANSFORMED;
        }
        cx.rows.add(cx.row(field, shownColumn, source, transform, e, actual, status, equal ? "" : "differs in Dynamics"));
    }

    private String notRead(String table, String column) {
        return columns.exists(table, column) ? "not read back: " + column + " is not in the $select of " + table
                : "not read back: " + table + " has no column " + column + " in Dynamics";
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /** Whether an expected and an actual value are the same, by the column's type or the values' shape. */
    static boolean same(JsonNode expected, JsonNode actual, String type) {
        boolean eEmpty = expected == null || expected.isNull() || expected.isMissingNode()
                || expected.isTextual() && expected.textValue().isEmpty();
        boolean aEmpty = actual == null || actual.isNull() || actual.isMissingNode()
                || actual.isTextual() && actual.textValue().isEmpty();
        if (eEmpty || aEmpty) {
            // an unset Boolean reads back as its default, false
            return eEmpty && aEmpty || eEmpty && actual.isBoolean() && !actual.booleanValue();
        }
        String e = expected.asText();
        String a = actual.asText();
        if (expected.isBoolean() || actual.isBoolean() || "Boolean".equals(type)) {
            return bool(e) != null && bool(e).equals(bool(a));
        }
        if ("MultiSelectPicklistType".equals(type) || OPTION_LIST.matcher(e).matches() && e.contains(",")) {
            return options(e).equals(options(a));
        }
        if (expected.isNumber() || actual.isNumber() || isNumberType(type)) {
            BigDecimal de = decimal(e);
            BigDecimal da = decimal(a);
            if (de != null && da != null) {
                return de.compareTo(da) == 0;
            }
        }
        if ("DateTime".equals(type) || looksLikeTime(e) && looksLikeTime(a)) {
            Optional<Boolean> t = sameTime(e, a);
            if (t.isPresent()) {
                return t.get();
            }
        }
        if (("Lookup".equals(type) || "Uniqueidentifier".equals(type)) && e.length() == 36) {
            return e.equalsIgnoreCase(a);
        }
        return e.equals(a);
    }

    private static boolean isNumberType(String type) {
        return type != null && Set.of("Integer", "BigInt", "Decimal", "Double", "Money", "Picklist", "State", "Status")
                .contains(type);
    }

    private static boolean looksLikeTime(String s) {
        return s.length() >= 10 && DATE.matcher(s.substring(0, 10)).matches();
    }

    /** Dates as dates, date-times as instants to the second; a date against a date-time compares the UTC date. */
    private static Optional<Boolean> sameTime(String e, String a) {
        Object te = time(e);
        Object ta = time(a);
        if (te == null || ta == null) {
            return Optional.empty();
        }
        if (te instanceof LocalDate de && ta instanceof Instant ia) {
            return Optional.of(de.equals(LocalDate.ofInstant(ia, ZoneOffset.UTC)));
        }
        if (te instanceof Instant ie && ta instanceof LocalDate da) {
            return Optional.of(da.equals(LocalDate.ofInstant(ie, ZoneOffset.UTC)));
        }
        return Optional.of(te.equals(ta));
    }

    private static Object time(String s) {
        String t = s.strip();
        try {
            if (DATE.matcher(t).matches()) {
                return LocalDate.parse(t);
            }
            return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(t).truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Set<String> options(String s) {
        Set<String> out = new TreeSet<>();
        for (String item : s.split(",")) {
            if (!item.isBlank()) {
                out.add(item.strip());
            }
        }
        return out;
    }

    private static BigDecimal decimal(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean bool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> Boolean.TRUE;
            case "false", "0", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static String boundId(String bind) {
        Matcher m = BIND.matcher(bind.strip());
        return m.matches() ? m.group(2).toLowerCase(Locale.ROOT) : bind;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isBlank();
    }

    /** A value as the report shows it: long ones (document bodies, long notes) cut, with their length and hash. */
    static String shown(String s) {
        if (s == null) {
            return "";
        }
        if (s.length() <= SHOWN) {
            return s;
        }
        return s.substring(0, 120) + "… (" + s.length() + " characters, sha256 " + sha256(s).substring(0, 12) + ")";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- source side -------------------------------------------------------------------------------------------

    private static String transformText(FieldMapping f) {
        if (Boolean.TRUE.equals(f.owner())) {
            return "owner resolution";
        }
        if (f.lookup() != null) {
            return "lookup " + f.lookup().object();
        }
        List<String> parts = new ArrayList<>();
        if (f.transform() != null && !f.transform().isEmpty()) {
            parts.add(String.join(", ", f.transform()));
        }
        if (f.values() != null) {
            parts.add("value map (unknown: " + (f.unknown() == null ? "reject" : f.unknown()) + ")");
        }
        if (f.maxLength() != null && "truncate".equals(f.tooLong())) {
            parts.add("cut to " + f.maxLength());
        }
        if (f.defaultValue() != null) {
            parts.add("default '" + f.defaultValue() + "'");
        }
        return parts.isEmpty() ? "copy" : String.join(" → ", parts);
    }

    /** The value of a source field; a related field ({@code invoice.number}) from the record it names. */
    private static String sourceValue(ProfiRecord source, ProfiRecord view, RelatedRecords related, String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return view.get(name);
        }
        String object = name.substring(0, dot);
        String field = name.substring(dot + 1);
        if (source.object().typeName().equals(object)) {
            return source.get(field);
        }
        String id = view.get(object + "_id");
        if ((id == null || id.isBlank()) && object.equals("package") && related != null && view.profiId() != null) {
            id = related.inferredPackage(view.profiId()).orElse(null);
        }
        if (id == null || id.isBlank() || related == null) {
            return null;
        }
        return related.get(object, id.strip()).map(r -> r.get(field)).orElse(null);
    }

    private static boolean isCurrencyField(ObjectMapping.TargetMapping target, String name) {
        return target.fields().values().stream().anyMatch(f -> name.equals(f.currencyField()));
    }

    /** Every field of the record: the columns of its file and its custom fields. */
    private static List<String> sourceFields(ProfiRecord r) {
        Set<String> out = new LinkedHashSet<>();
        for (Column c : r.object().columns()) {
            out.add(c.name());
        }
        r.fields().keySet().forEach(out::add);
        return new ArrayList<>(out);
    }
}
