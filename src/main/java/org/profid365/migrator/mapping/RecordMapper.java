package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Turns one Profi record into the Dataverse payload of one target table, field by field as the mapping file says
 * (docs/mapping.md), with no I/O: ids are computed ({@link RecordIds}), owners, currencies and entity sets come
 * from the functions it is given.
 *
 * <p>Per field: an empty source leaves the column absent (never written as null) unless {@code defaultValue} is
 * set (written as stated, flagged); otherwise the transforms run in order, then the value map ({@code values},
 * {@code unknown}), then {@code maxLength}/{@code tooLong}, and the value goes to {@code column} and every
 * {@code also} column. A value map is looked up with the value after the transforms; with {@code list} each item
 * is mapped and the options joined as a multi-select {@code "1,2"}; an option of {@code null} leaves the column
 * empty (flagged), and with {@code unknown: keep-text} also keeps the text; a missing {@code unknown} means
 * {@code reject}. {@code maxLength} applies to text values only
 * (a declared {@code unknownTextColumn} longer than its declared length is truncated and flagged).
 * {@code cf_*} fields are fields like any other; skipped and unmapped fields never appear.
 * A {@code money} field also binds {@code transactioncurrencyid} from its {@code currencyField} (no code: base
 * currency, flagged; a code the resolver does not know: rejection). A lookup binds
 * {@code <navigation>@odata.bind: "/<entity set>(<RecordIds.of(object, value)>)"}, the entity set being that of
 * the table the looked-up object went to: for {@code client} the {@code clientTable} hook decides (by default the
 * split's {@code atLeast} table, contact), for other objects their split's {@code atLeast} or only target. An
 * owner field binds {@code ownerid@odata.bind: "/systemusers(<id>)"}; an email the resolver cannot place is a
 * rejection, an empty one is handed to the resolver as {@code ""} (so it may answer the fallback owner) and, if
 * it gives nothing, the owner is left to the loading user and flagged.
 *
 * <p>Not done here (left to the rule steps): related dotted fields ({@code invoice.number}, {@code company.name},
 * {@code program.name}, {@code package.name}) are skipped, and no rule of {@code rules} is applied (coach-profile,
 * lead-subject, enrollment-name, payments-and-unpaid-invoices, one-task-per-participant, package-link-rebuild,
 * close-task-after-create, note-on-client-or-session, file-attachment), so neither is {@code options.noteHtml}.
 * The first bad value rejects the record; later fields are not examined.
 */
public final class RecordMapper {

    /** Activity tables, whose primary key is {@code activityid} rather than {@code <table>id}. */
    private static final Set<String> ACTIVITY_TABLES = Set.of("task", "phonecall", "email", "appointment", "letter", "fax",
            "activitypointer");

    /** Keeps amounts as written ({@code 1500.00}), without normalising the scale. */
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final MappingFile mapping;
    private final RecordIds ids;
    private final Function<String, String> entitySets;
    private final Function<String, Optional<UUID>> owners;
    private final Function<String, Optional<UUID>> currencies;
    private final ZoneId zone;
    private final Function<String, String> clientTable;

    /**
     * @param entitySets table logical name → entity set name ({@code contact} → {@code contacts}); null if unknown
     * @param owners     owner email → the resolved systemuser, or the fallback owner; empty when neither applies
     * @param currencies ISO-4217 code (upper case) → the transactioncurrency's id
     * @param zone       the zone of offset-less Profi timestamps
     */
    public RecordMapper(MappingFile mapping, RecordIds ids, Function<String, String> entitySets,
                        Function<String, Optional<UUID>> owners, Function<String, Optional<UUID>> currencies, ZoneId zone) {
        this(mapping, ids, entitySets, owners, currencies, zone, null);
    }

    /**
     * @param clientTable Profi client id → the table that client went to ({@code contact} or {@code lead}, from
     *                    {@link #targetFor} with its session count); null = the client split's {@code atLeast}
     */
    public RecordMapper(MappingFile mapping, RecordIds ids, Function<String, String> entitySets,
                        Function<String, Optional<UUID>> owners, Function<String, Optional<UUID>> currencies, ZoneId zone,
                        Function<String, String> clientTable) {
        this.mapping = mapping;
        this.ids = ids;
        this.entitySets = entitySets;
        this.owners = owners;
        this.currencies = currencies;
        this.zone = zone;
        this.clientTable = clientTable;
    }

    /**
     * The target table of a record: with {@code split: {by: sessions}}, {@code atLeast} when it has at least
     * {@code threshold} sessions (group participation counted by the caller), else {@code below}; an object
     * with one target goes there.
     */
    public String targetFor(ProfiRecord record, int sessionCount) {
        ObjectMapping om = objectMapping(record.object().typeName());
        return targetOf(om, record.object().typeName(), sessionCount);
    }

    private static String targetOf(ObjectMapping om, String type, int sessionCount) {
        if (om.split() != null && "sessions".equals(om.split().by())) {
            return sessionCount >= om.split().threshold() ? om.split().atLeast() : om.split().below();
        }
        if (om.targets().size() == 1) {
            return om.targets().keySet().iterator().next();
        }
        throw new IllegalArgumentException("object " + type + " has " + om.targets().size()
                + " targets and no sessions split; its rule decides where a record goes");
    }

    /** The payload of {@code record} for {@code targetTable}, or why the record cannot be written. */
    public RecordMapResult map(ProfiRecord record, String targetTable) {
        String type = record.object().typeName();
        ObjectMapping om = objectMapping(type);
        ObjectMapping.TargetMapping target = om.targets().get(targetTable);
        if (target == null) {
            throw new IllegalArgumentException("object " + type + " is not mapped to table " + targetTable
                    + " (targets: " + om.targets().keySet() + ")");
        }
        String profiId = record.profiId();
        if (profiId == null) {
            return new RecordRejection(type + ":?", String.join("+", record.object().keyColumns()),
                    type + " at " + record.location() + " has no id, so it cannot get a record id");
        }
        Context c = new Context(record, type, profiId, target);
        UUID id = ids.of(type, profiId);
        c.payload.put(primaryKey(targetTable), id.toString());
        for (Map.Entry<String, FieldMapping> f : target.fields().entrySet()) {
            if (f.getKey().contains(".")) {
                continue; // related fields are read by the rule steps
            }
            RecordRejection r = field(c, f.getKey(), f.getValue());
            if (r != null) {
                return r;
            }
        }
        return new MappedRecord(targetTable, id, c.payload, c.flags);
    }

    /** The primary key column of a table: {@code activityid} for activities, else {@code <table>id}. */
    public static String primaryKey(String table) {
        return ACTIVITY_TABLES.contains(table) ? "activityid" : table + "id";
    }

    private final class Context {
        final ProfiRecord record;
        final String type;
        final String profiId;
        final ObjectMapping.TargetMapping target;
        final ObjectNode payload = JSON.objectNode();
        final List<String> flags = new ArrayList<>();

        Context(ProfiRecord record, String type, String profiId, ObjectMapping.TargetMapping target) {
            this.record = record;
            this.type = type;
            this.profiId = profiId;
            this.target = target;
        }

        RecordRejection reject(String field, String reason) {
            return new RecordRejection(type + ":" + profiId, field,
                    type + " " + profiId + " (" + record.location() + "): field " + field + " " + reason);
        }
    }

    private RecordRejection field(Context c, String name, FieldMapping f) {
        String raw = c.record.get(name);
        boolean empty = raw == null || raw.isBlank();
        if (Boolean.TRUE.equals(f.owner())) {
            return owner(c, name, empty ? "" : raw.strip());
        }
        if (f.lookup() != null) {
            return empty ? null : lookup(c, name, f, raw.strip());
        }
        if (empty) {
            if (f.defaultValue() != null) {
                write(c, f, node(f.defaultValue()));
                c.flags.add(name + " empty: default '" + f.defaultValue() + "' written to " + f.column());
            }
            return null;
        }
        Object value = raw;
        List<String> transforms = f.transform() == null ? List.of() : f.transform();
        for (String t : transforms) {
            try {
                value = Transforms.apply(t, value, zone);
            } catch (TransformException e) {
                return c.reject(name, "value '" + raw + "' " + e.getMessage());
            }
        }
        if (value instanceof String s && s.isEmpty()) {
            return null; // nothing left after the transforms (e.g. a list of empty items)
        }
        JsonNode out;
        if (f.values() != null) {
            ValueOutcome v = values(c, name, f, String.valueOf(value), transforms.contains("list"));
            if (v.rejection != null) {
                return v.rejection;
            }
            if (v.node == null) {
                return null;
            }
            out = v.node;
        } else {
            out = node(value);
        }
        if (out.isTextual() && f.maxLength() != null && out.textValue().length() > f.maxLength()) {
            String text = out.textValue();
            if ("truncate".equals(f.tooLong())) {
                int cut = f.maxLength();
                if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
                    cut--;
                }
                out = JSON.textNode(text.substring(0, cut));
                c.flags.add("truncated " + f.column() + " to " + f.maxLength() + " characters (" + name + " had "
                        + text.length() + ")");
            } else {
                return c.reject(name, "is " + text.length() + " characters long, over the limit of " + f.maxLength()
                        + " of column " + f.column());
            }
        }
        if (transforms.contains("money")) {
            RecordRejection r = currency(c, name, f.currencyField());
            if (r != null) {
                return r;
            }
        }
        write(c, f, out);
        return null;
    }

    private record ValueOutcome(JsonNode node, RecordRejection rejection) {
    }

    /** Value map: one choice, or with {@code list} a multi-select {@code "1,2"}; unknown values per {@code unknown}. */
    private ValueOutcome values(Context c, String name, FieldMapping f, String value, boolean multi) {
        List<String> items = multi ? List.of(value.split(",")) : List.of(value);
        List<String> options = new ArrayList<>();
        List<String> unknownText = new ArrayList<>();
        for (String item : items) {
            if (f.values().containsKey(item)) {
                Integer option = f.values().get(item);
                if (option == null && "keep-text".equals(f.unknown())) {
                    // listed without a decision yet: keep the text, as an unlisted value would be
                    unknownText.add(item);
                    c.flags.add("value '" + item + "' of " + name + " maps to no option: kept as text in "
                            + f.unknownTextColumn());
                } else if (option == null) {
                    c.flags.add("value '" + item + "' of " + name + " maps to no option: left empty");
                } else if (!options.contains(option.toString())) {
                    options.add(option.toString());
                }
                continue;
            }
            String policy = f.unknown() == null ? "reject" : f.unknown();
            switch (policy) {
                case "empty" -> c.flags.add("value '" + item + "' of " + name + " has no target: left empty");
                case "keep-text" -> {
                    unknownText.add(item);
                    c.flags.add("value '" + item + "' of " + name + " has no target: kept as text in "
                            + f.unknownTextColumn());
                }
                default -> {
                    return new ValueOutcome(null, c.reject(name, "value '" + item + "' has no option in the value map of "
                            + f.column() + " (unknown: reject)"));
                }
            }
        }
        if (!unknownText.isEmpty()) {
            String text = String.join(multi ? "," : "", unknownText);
            FieldMapping.NewColumn declared = c.target.columns().get(f.unknownTextColumn());
            if (declared != null && declared.maxLength() != null && text.length() > declared.maxLength()) {
                c.flags.add("truncated " + f.unknownTextColumn() + " to " + declared.maxLength() + " characters ("
                        + name + " had " + text.length() + ")");
                text = text.substring(0, declared.maxLength());
            }
            c.payload.put(f.unknownTextColumn(), text);
        }
        if (options.isEmpty()) {
            return new ValueOutcome(null, null);
        }
        return new ValueOutcome(multi ? JSON.textNode(String.join(",", options))
                : JSON.numberNode(Integer.parseInt(options.get(0))), null);
    }

    private RecordRejection currency(Context c, String name, String currencyField) {
        String iso = c.record.get(currencyField);
        if (iso == null || iso.isBlank()) {
            c.flags.add(name + " has no currency in " + currencyField + ": the org's base currency applies");
            return null;
        }
        String code = iso.strip().toUpperCase(java.util.Locale.ROOT);
        Optional<UUID> currency = currencies.apply(code);
        if (currency.isEmpty()) {
            return c.reject(currencyField, "value '" + iso + "' is not a currency of the organisation (needed by "
                    + name + ")");
        }
        c.payload.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + currency.get() + ")");
        return null;
    }

    private RecordRejection owner(Context c, String name, String email) {
        String problem = bindOwner(c.payload, name, email, c.flags);
        return problem == null ? null : c.reject(name, problem);
    }

    /**
     * Writes {@code ownerid@odata.bind} for an owner email as an owner field does (also for rules that find the
     * email on a related record): the resolved user, or the fallback owner; an empty email with neither is flagged
     * and left to the loading user.
     *
     * @param email trimmed; {@code ""} when the source has none
     * @return null when written or flagged, else why the record cannot be written (a non-empty email with no user)
     */
    public String bindOwner(ObjectNode payload, String fieldName, String email, List<String> flags) {
        Optional<UUID> user = owners.apply(email);
        if (user.isPresent()) {
            payload.put("ownerid@odata.bind", "/systemusers(" + user.get() + ")");
            return null;
        }
        if (email.isEmpty()) {
            flags.add(fieldName + " empty and no fallback owner: the owner is left to the loading user");
            return null;
        }
        return "value '" + email + "' resolves to no enabled user and there is no fallback owner";
    }

    private RecordRejection lookup(Context c, String name, FieldMapping f, String value) {
        FieldMapping.Lookup lookup = f.lookup();
        String table;
        if ("client".equals(lookup.object()) && clientTable != null) {
            table = clientTable.apply(value);
        } else {
            ObjectMapping om = objectMapping(lookup.object());
            table = om.split() != null ? om.split().atLeast() : targetOf(om, lookup.object(), 0);
        }
        String set = entitySets.apply(table);
        if (set == null) {
            throw new IllegalStateException("no entity set known for table " + table);
        }
        // a custom lookup points at one table only: a client that became a lead cannot be bound through it
        String declaredTarget = f.create() == null ? null : f.create().target();
        if (declaredTarget != null && !declaredTarget.equals(table)) {
            return c.reject(name, "value '" + value + "' is a " + lookup.object() + " that became a " + table + ", and "
                    + lookup.navigation() + " points at " + declaredTarget + " records only");
        }
        c.payload.put(lookup.navigation() + "@odata.bind", "/" + set + "(" + ids.of(lookup.object(), value) + ")");
        return null;
    }

    private static void write(Context c, FieldMapping f, JsonNode value) {
        c.payload.set(f.column(), value);
        if (f.also() != null) {
            for (String col : f.also()) {
                c.payload.set(col, value.deepCopy());
            }
        }
    }

    private static JsonNode node(Object value) {
        JsonNodeFactory n = JSON;
        if (value instanceof Long l) {
            return n.numberNode(l);
        }
        if (value instanceof Integer i) {
            return n.numberNode(i);
        }
        if (value instanceof Double d) {
            return n.numberNode(BigDecimal.valueOf(d));
        }
        if (value instanceof BigDecimal d) {
            return n.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return n.booleanNode(b);
        }
        return n.textNode(String.valueOf(value));
    }

    private ObjectMapping objectMapping(String type) {
        ObjectMapping om = mapping.objects().get(type);
        if (om == null) {
            throw new IllegalArgumentException("object " + type + " is not mapped (objects: " + mapping.objects().keySet() + ")");
        }
        return om;
    }
}
