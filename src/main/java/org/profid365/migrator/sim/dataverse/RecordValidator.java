package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.profid365.migrator.profi.ProfiTimestamps;

/**
 * Turns a JSON body into column changes, refusing what Dataverse refuses: unknown properties, wrong types, too long
 * text, values out of range, unknown choices, bad navigation properties, missing or disabled bind targets, columns
 * not valid for create/update, closed tasks, bad state/status pairs, oversized attachments.
 */
final class RecordValidator {

    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Instant MIN_DATE = Instant.parse("1753-01-01T00:00:00Z");
    private static final Set<String> STATE_COLUMNS = Set.of("statecode", "statuscode");

    private final SimState state;
    private final EntityReferences references;

    RecordValidator(SimState state) {
        this.state = state;
        this.references = new EntityReferences(state);
    }

    /**
     * The changes a body asks for.
     *
     * @param existing the stored row when this is an update, null on create
     * @param id       the row's primary key (known from the URL, or the body's, or generated)
     */
    Map<String, Object> changes(SimTable table, JsonNode body, SimRecord existing, UUID id) {
        boolean create = existing == null;
        if (body == null || !body.isObject()) {
            throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: The request body must be a JSON object.");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("@")) {
                checkAnnotation(table, name, value);
                continue;
            }
            int at = name.indexOf('@');
            if (at >= 0) {
                if (name.substring(at + 1).equals("odata.bind")) {
                    bind(table, name.substring(0, at), value, changes, create);
                }
                continue; // other instance annotations (FormattedValue, ...) are ignored on write
            }
            SimColumn column = table.column(name);
            if (column == null || column.type.isLookup()) {
                if (table.queryProperty(name) != null) {
                    throw DataverseFault.badRequest(DataverseFault.REFERENCE_UPDATE_CODE,
                            "CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.");
                }
                if (table.navigations.containsKey(name)) {
                    throw DataverseFault.badPayload(table.entitySet, "Deep insert through '" + name
                            + "' is not supported by this simulator: bind an existing record with '" + name + "@odata.bind'.");
                }
                throw DataverseFault.unknownBodyProperty(name, table.logicalName);
            }
            if (column.primaryId) {
                UUID given = (UUID) convert(table, column, value);
                if (given != null && !given.equals(id)) {
                    throw DataverseFault.badPayload(table.entitySet, "The key '" + column.logicalName
                            + "' in the body (" + given + ") differs from the record's key (" + id + ").");
                }
                continue;
            }
            if (create ? !column.validCreate : !column.validUpdate) {
                throw notValidFor(table, column, create);
            }
            changes.put(name, convert(table, column, value));
        }
        applyStateRules(table, changes, existing, id);
        applyDerivedColumns(table, changes, existing);
        return changes;
    }

    private void checkAnnotation(SimTable table, String name, JsonNode value) {
        if (name.equals("@odata.type")) {
            String type = value.asText();
            String bare = type.startsWith("#") ? type.substring(1) : type;
            if (!bare.equals(table.entityType())) {
                throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: A resource with type '"
                        + bare + "' was found, but it is not assignable to the expected type '" + table.entityType() + "'.");
            }
        }
    }

    private void bind(SimTable table, String navigation, JsonNode value, Map<String, Object> changes, boolean create) {
        SimNavigation nav = table.navigations.get(navigation);
        if (nav == null) {
            throw DataverseFault.undeclaredNavigation(navigation, table.entitySet);
        }
        SimColumn column = table.column(nav.column());
        if (create ? !column.validCreate : !column.validUpdate) {
            throw notValidFor(table, column, create);
        }
        if (value.isNull()) {
            changes.put(nav.column(), null);
            return;
        }
        if (!value.isTextual()) {
            throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: The value of '" + navigation
                    + "@odata.bind' must be a string URL of an entity, not " + value.getNodeType() + ".");
        }
        SimRef target = references.resolve(value.asText(), table.entitySet);
        if (!nav.targets().contains(target.table())) {
            throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: The navigation property '"
                    + navigation + "' expects an entity of type 'Microsoft.Dynamics.CRM." + String.join("' or '", nav.targets())
                    + "', but '" + value.asText() + "' is of type 'Microsoft.Dynamics.CRM." + target.table() + "'.");
        }
        SimRecord row = state.store.get(target.table(), target.id());
        if (row == null) {
            throw DataverseFault.recordMissing(target.table(), target.id());
        }
        if (column.type == SimColumnType.OWNER && target.table().equals("systemuser")
                && Boolean.TRUE.equals(row.get("isdisabled"))) {
            throw DataverseFault.disabledUser(target.id());
        }
        changes.put(nav.column(), target);
    }

    private static DataverseFault notValidFor(SimTable table, SimColumn column, boolean create) {
        return DataverseFault.invalidArgument("The '" + column.logicalName + "' attribute is not valid for "
                + (create ? "create" : "update") + " on entity '" + table.logicalName + "'.");
    }

    /** One JSON value as the column's stored value; null stays null. */
    Object convert(SimTable table, SimColumn column, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw DataverseFault.wrongNode(column.logicalName, value.isArray() ? "StartArray" : "StartObject");
        }
        String edm = column.edmType();
        switch (column.type) {
            case STRING, MEMO -> {
                if (!value.isTextual()) {
                    throw DataverseFault.notConvertible(value.asText(), edm);
                }
                String text = value.asText();
                if (table.logicalName.equals("annotation") && column.logicalName.equals("documentbody")) {
                    if (text.length() > state.options.attachmentMaxBytes()) {
                        throw DataverseFault.attachmentTooBig();
                    }
                } else if (column.maxLength != null && text.length() > column.maxLength) {
                    throw DataverseFault.tooLong(column.logicalName, table.logicalName, column.maxLength);
                }
                return text;
            }
            case INTEGER, BIGINT -> {
                long number = integral(value, edm, column.type == SimColumnType.INTEGER);
                checkRange(table, column, BigDecimal.valueOf(number), number);
                return column.type == SimColumnType.INTEGER ? (Object) (int) number : (Object) number;
            }
            case DECIMAL, MONEY, DOUBLE -> {
                BigDecimal number = decimal(value, edm);
                checkRange(table, column, number, value.asText());
                if (column.type == SimColumnType.DOUBLE) {
                    return number.doubleValue();
                }
                int scale = column.precision != null ? column.precision : (column.type == SimColumnType.MONEY ? 2 : 10);
                return number.setScale(scale, RoundingMode.HALF_UP);
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw DataverseFault.notConvertible(value.asText(), edm);
                }
                return value.asBoolean();
            }
            case DATETIME -> {
                return dateTime(table, column, value);
            }
            case PICKLIST, STATE, STATUS -> {
                long number = integral(value, edm, true);
                if (!column.options.containsKey((int) number)) {
                    throw DataverseFault.badChoice(column.logicalName, table.logicalName, number, accepted(column));
                }
                return (int) number;
            }
            case MULTISELECT -> {
                if (!value.isTextual()) {
                    throw DataverseFault.notConvertible(value.asText(), edm);
                }
                StringBuilder normal = new StringBuilder();
                for (String part : value.asText().split(",", -1)) {
                    int choice;
                    try {
                        choice = Integer.parseInt(part.trim());
                    } catch (NumberFormatException e) {
                        throw DataverseFault.badChoice(column.logicalName, table.logicalName, "'" + part + "'", accepted(column));
                    }
                    if (!column.options.containsKey(choice)) {
                        throw DataverseFault.badChoice(column.logicalName, table.logicalName, choice, accepted(column));
                    }
                    normal.append(normal.length() == 0 ? "" : ",").append(choice);
                }
                return normal.toString();
            }
            case UNIQUEIDENTIFIER -> {
                if (!value.isTextual() || !GuidText.isGuid(value.asText())) {
                    throw DataverseFault.notConvertible(value.asText(), edm);
                }
                return UUID.fromString(value.asText());
            }
            default -> throw DataverseFault.unknownBodyProperty(column.logicalName, table.logicalName);
        }
    }

    private static String accepted(SimColumn column) {
        return column.options.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static long integral(JsonNode value, String edm, boolean int32) {
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        } else if (value.isTextual() && !int32 && value.asText().matches("-?\\d{1,19}")) {
            number = Long.parseLong(value.asText()); // Edm.Int64 may come quoted (IEEE754Compatible)
        } else {
            throw DataverseFault.notConvertible(value.asText(), edm);
        }
        if (int32 && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
            throw DataverseFault.notConvertible(value.asText(), edm);
        }
        return number;
    }

    private static BigDecimal decimal(JsonNode value, String edm) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && !edm.equals("Edm.Double")) {
            try {
                return new BigDecimal(value.asText()); // Edm.Decimal may come quoted (IEEE754Compatible)
            } catch (NumberFormatException e) {
                throw DataverseFault.notConvertible(value.asText(), edm);
            }
        }
        throw DataverseFault.notConvertible(value.asText(), edm);
    }

    private static void checkRange(SimTable table, SimColumn column, BigDecimal number, Object shown) {
        if ((column.min != null && number.compareTo(column.min) < 0)
                || (column.max != null && number.compareTo(column.max) > 0)) {
            throw DataverseFault.outOfRange(column.logicalName, table.logicalName, shown);
        }
    }

    private static Object dateTime(SimTable table, SimColumn column, JsonNode value) {
        String text = value.asText();
        if (!value.isTextual()) {
            throw DataverseFault.notConvertible(text, column.edmType());
        }
        if (column.dateOnly) {
            if (!DATE_ONLY.matcher(text).matches()) {
                throw DataverseFault.notConvertible(text, "Edm.Date");
            }
            try {
                LocalDate date = LocalDate.parse(text);
                if (date.getYear() < 1753) {
                    throw DataverseFault.outOfRange(column.logicalName, table.logicalName, text);
                }
                return date;
            } catch (DateTimeException e) {
                throw DataverseFault.notConvertible(text, "Edm.Date");
            }
        }
        Instant instant;
        try {
            instant = ProfiTimestamps.parseWithOffset(text);
        } catch (DateTimeException e) {
            throw DataverseFault.notConvertible(text, "Edm.DateTimeOffset");
        }
        if (instant.isBefore(MIN_DATE)) {
            throw DataverseFault.outOfRange(column.logicalName, table.logicalName, text);
        }
        return instant;
    }

    /** statecode/statuscode must pair up; a closed task is read-only; tasks are created open. */
    private void applyStateRules(SimTable table, Map<String, Object> changes, SimRecord existing, UUID id) {
        SimColumn stateColumn = table.column("statecode");
        SimColumn statusColumn = table.column("statuscode");
        if (stateColumn == null || statusColumn == null) {
            return;
        }
        Integer currentState = existing == null ? null : (Integer) existing.get("statecode");
        if (table.logicalName.equals("task") && currentState != null && currentState != 0) {
            boolean reopening = Integer.valueOf(0).equals(changes.get("statecode"))
                    && STATE_COLUMNS.containsAll(changes.keySet());
            if (!reopening) {
                throw DataverseFault.invalidArgument("This task is " + stateColumn.options.get(currentState).toLowerCase()
                        + " and read-only: only reopening it (statecode 0) is allowed. Task Id = " + id + ".");
            }
        }
        Integer newState = (Integer) changes.get("statecode");
        Integer newStatus = (Integer) changes.get("statuscode");
        if (existing == null && table.logicalName.equals("task") && newState != null && newState != 0) {
            throw DataverseFault.invalidArgument("A task must be created open (statecode 0); close it with an update.");
        }
        int state = newState != null ? newState : currentState != null ? currentState : firstKey(stateColumn);
        if (newStatus != null) {
            Integer statusState = statusColumn.stateOfStatus.get(newStatus);
            if (statusState != null && statusState != state) {
                throw DataverseFault.invalidArgument(newStatus + " is not a valid status code for state code "
                        + table.schemaName + "State." + stateColumn.options.get(state).replace(" ", "") + " on "
                        + table.logicalName + " with Id " + id + ".");
            }
        } else if (newState != null || existing == null) {
            Integer status = stateColumn.defaultStatusOfState.get(state);
            if (status != null) {
                changes.put("statuscode", status);
            }
        }
        if (existing == null && newState == null) {
            changes.put("statecode", state);
        }
    }

    private static int firstKey(SimColumn column) {
        return column.options.isEmpty() ? 0 : column.options.keySet().iterator().next();
    }

    /** Money without currency gets the base currency; contact/lead fullname; note size and isdocument. */
    private void applyDerivedColumns(SimTable table, Map<String, Object> changes, SimRecord existing) {
        SimColumn currency = table.column("transactioncurrencyid");
        if (currency != null && currency.type.isLookup()) {
            boolean moneySet = changes.entrySet().stream().anyMatch(e -> e.getValue() != null
                    && table.column(e.getKey()).type == SimColumnType.MONEY);
            boolean hasCurrency = changes.get("transactioncurrencyid") != null
                    || (existing != null && existing.get("transactioncurrencyid") != null && !changes.containsKey("transactioncurrencyid"));
            if (moneySet && !hasCurrency) {
                changes.put("transactioncurrencyid", state.baseCurrency());
            }
        }
        if ((table.logicalName.equals("contact") || table.logicalName.equals("lead"))
                && (changes.containsKey("firstname") || changes.containsKey("lastname"))) {
            Object first = changes.containsKey("firstname") ? changes.get("firstname") : existing == null ? null : existing.get("firstname");
            Object last = changes.containsKey("lastname") ? changes.get("lastname") : existing == null ? null : existing.get("lastname");
            String full = ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim();
            changes.put("fullname", full.isEmpty() ? null : full);
        }
        if (table.logicalName.equals("annotation") && changes.containsKey("documentbody")) {
            Object body = changes.get("documentbody");
            changes.put("filesize", body == null ? null : base64Bytes(body.toString()));
            if (body != null && !changes.containsKey("isdocument")) {
                changes.put("isdocument", true);
            }
        }
    }

    static int base64Bytes(String base64) {
        int length = base64.length();
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (int) Math.max(0, (long) length * 3 / 4 - padding);
    }
}
