package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schema writes [webapi/create-update-entity-definitions-using-web-api]: tables, columns, global choices, one-to-many
 * relationships (with their lookup and navigation property), alternate keys (Pending, then Active or Failed),
 * PublishXml. Every schema name must start with a known publisher's prefix and '_'; MSCRM.SolutionUniqueName is
 * recorded on what is created. Deletes of custom tables (with their rows), custom columns (with their values),
 * one-to-many relationships (with their lookup) and alternate keys refuse what other components still use. Writes take
 * the org's customization lock, one at a time.
 */
final class MetadataWrites {

    private static final Pattern SCHEMA_NAME = Pattern.compile("([A-Za-z][A-Za-z0-9]{1,7})_[A-Za-z0-9_]+");
    private static final Pattern PUBLISH_ENTITY = Pattern.compile("<entity>\\s*([^<\\s]+)\\s*</entity>");
    private static final Set<SimColumnType> KEY_TYPES = Set.of(SimColumnType.STRING, SimColumnType.INTEGER,
            SimColumnType.BIGINT, SimColumnType.DECIMAL, SimColumnType.DATETIME, SimColumnType.LOOKUP,
            SimColumnType.PICKLIST, SimColumnType.UNIQUEIDENTIFIER);

    private final SimState state;
    private final MetadataReads reads;
    private final AlternateKeyBuilder keyBuilder;
    private final RecordWriter records;
    private int nextTypeCode = 10_000;

    MetadataWrites(SimState state, MetadataReads reads, RecordWriter records) {
        this.state = state;
        this.reads = reads;
        this.keyBuilder = new AlternateKeyBuilder(state);
        this.records = records;
    }

    SimResponse handle(SimRequest request, RequestContext context) {
        if (!state.metadata.lockCustomizations(state.options.metadataLockTimeoutMillis())) {
            throw DataverseFault.badRequest(DataverseFault.CUSTOMIZATION_LOCK_CODE, "Cannot start another "
                    + "[EntityCustomization] because there is a previous [EntityCustomization] running at this moment. "
                    + "Try again later.");
        }
        try {
            hold(state.options.metadataWriteMillis());
            context.count(1);
            String solution = solution(request.header("MSCRM.SolutionUniqueName"));
            String resource = request.resource();
            if (request.method().equals("DELETE")) {
                return state.store.atomically(() -> delete(resource, context));
            }
            if (resource.equals("PublishXml") || resource.equals("PublishAllXml")) {
                return state.store.atomically(() -> publish(request, resource.equals("PublishAllXml")));
            }
            JsonNode body = JsonBodies.read(request, "EntityDefinitions");
            return state.store.atomically(() -> write(resource, body, solution));
        } finally {
            state.metadata.unlockCustomizations();
        }
    }

    private SimResponse write(String resource, JsonNode body, String solution) {
        if (resource.equals("EntityDefinitions")) {
            return createTable(body, solution);
        }
        if (resource.equals("GlobalOptionSetDefinitions")) {
            return createOptionSet(body, solution);
        }
        if (resource.equals("RelationshipDefinitions")) {
            return createRelationship(body, solution);
        }
        Matcher m = Pattern.compile("EntityDefinitions\\((.*)\\)/(Attributes|Keys)").matcher(resource);
        if (!m.matches()) {
            throw DataverseFault.noResource(state.baseUrl + resource);
        }
        SimTable table = reads.table(m.group(1));
        return m.group(2).equals("Attributes") ? createColumn(table, body, solution) : createKey(table, body, solution);
    }

    private String solution(String uniqueName) {
        if (uniqueName == null || uniqueName.isBlank()) {
            return null;
        }
        if (state.solution(uniqueName.trim()) == null) {
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "solution With UniqueName = " + uniqueName.trim()
                    + " Does Not Exist");
        }
        return uniqueName.trim();
    }

    // ---- tables ----------------------------------------------------------------------------------------------

    private SimResponse createTable(JsonNode body, String solution) {
        requireType(body, "EntityMetadata");
        String schemaName = schemaName(body.path("SchemaName").asText(null), "SchemaName");
        String logicalName = schemaName.toLowerCase(Locale.ROOT);
        if (state.metadata.table(logicalName) != null) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "An entity with the specified name "
                    + logicalName + " already exists. Specify a unique name.");
        }
        String displayName = requiredLabel(body, "DisplayName");
        String collectionName = requiredLabel(body, "DisplayCollectionName");
        String ownership = body.path("OwnershipType").asText(null);
        if (!"UserOwned".equals(ownership) && !"OrganizationOwned".equals(ownership)) {
            throw DataverseFault.invalidArgument("OwnershipType must be UserOwned or OrganizationOwned, not " + ownership + ".");
        }
        JsonNode primary = null;
        int primaries = 0;
        for (JsonNode attribute : body.path("Attributes")) {
            if (attribute.path("IsPrimaryName").asBoolean(false)) {
                primaries++;
                primary = attribute;
            }
        }
        if (primaries != 1 || body.path("Attributes").size() != 1
                || SimColumnType.fromMetadataType(primary.path("@odata.type").asText(null)) != SimColumnType.STRING) {
            throw DataverseFault.invalidArgument("An entity must be created with exactly one attribute: its primary name, "
                    + "a StringAttributeMetadata with IsPrimaryName true.");
        }
        String entitySet = body.hasNonNull("EntitySetName") ? body.get("EntitySetName").asText() : plural(logicalName);
        if (state.metadata.tableBySet(entitySet) != null) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "The EntitySetName " + entitySet + " is in use.");
        }
        SimTable table = new SimTable(logicalName, entitySet, logicalName + "id", true);
        table.schemaName = schemaName;
        table.ownership = ownership;
        table.displayName = displayName;
        table.displayCollectionName = collectionName;
        table.hasNotes = body.path("HasNotes").asBoolean(false);
        table.hasActivities = body.path("HasActivities").asBoolean(false);
        table.solution = solution;
        table.published = false;
        table.objectTypeCode = nextTypeCode++;
        SimColumn id = table.add(new SimColumn(table.primaryId, SimColumnType.UNIQUEIDENTIFIER,
                SimTable.stableId("column:" + logicalName + "." + table.primaryId)));
        id.primaryId = true;
        id.validUpdate = false;
        id.schemaName = schemaName + "Id";
        SimColumn name = column(table, primary, SimColumnType.STRING, solution);
        name.primaryName = true;
        table.primaryName = name.logicalName;
        table.add(name);
        addStandardColumns(table);
        if (table.hasNotes) {
            attachChildren(table, "annotation", "objectid", "objectid_" + logicalName, table.logicalName + "_Annotations", solution);
        }
        if (table.hasActivities) {
            attachChildren(table, "task", "regardingobjectid", "regardingobjectid_" + logicalName + "_task",
                    table.logicalName + "_Tasks", solution);
        }
        state.metadata.addTable(table);
        return created("EntityDefinitions(" + table.metadataId + ")");
    }

    /** The columns Dataverse gives every custom table: audit, state/status, owner, import and override. */
    private static void addStandardColumns(SimTable table) {
        String name = table.logicalName;
        SimColumn overridden = table.add(new SimColumn("overriddencreatedon", SimColumnType.DATETIME,
                SimTable.stableId("column:" + name + ".overriddencreatedon")));
        overridden.validUpdate = false;
        overridden.format = "DateOnly";
        overridden.behavior = "UserLocal";
        SimColumn sequence = table.add(new SimColumn("importsequencenumber", SimColumnType.INTEGER,
                SimTable.stableId("column:" + name + ".importsequencenumber")));
        sequence.validUpdate = false;
        sequence.min = BigDecimal.valueOf(Integer.MIN_VALUE);
        sequence.max = BigDecimal.valueOf(Integer.MAX_VALUE);
        SimColumn state = table.add(new SimColumn("statecode", SimColumnType.STATE, SimTable.stableId("column:" + name + ".statecode")));
        state.validCreate = false;
        state.options.put(0, "Active");
        state.options.put(1, "Inactive");
        state.defaultStatusOfState.put(0, 1);
        state.defaultStatusOfState.put(1, 2);
        SimColumn status = table.add(new SimColumn("statuscode", SimColumnType.STATUS, SimTable.stableId("column:" + name + ".statuscode")));
        status.options.put(1, "Active");
        status.options.put(2, "Inactive");
        status.stateOfStatus.put(1, 0);
        status.stateOfStatus.put(2, 1);
        if ("UserOwned".equals(table.ownership)) {
            SimColumn owner = table.add(new SimColumn("ownerid", SimColumnType.OWNER, SimTable.stableId("column:" + name + ".ownerid")));
            owner.targets.addAll(List.of("systemuser", "team"));
            table.navigations.put("ownerid", new SimNavigation("ownerid", "ownerid", List.of("systemuser", "team")));
        }
        StandardTables.addSystemColumns(table);
    }

    /** HasNotes / HasActivities: the note or task gets a navigation property to the new table, and a cascade. */
    private void attachChildren(SimTable table, String child, String column, String navigation, String relationship,
                                String solution) {
        SimTable childTable = state.metadata.table(child);
        childTable.navigations.put(navigation, new SimNavigation(navigation, column, List.of(table.logicalName)));
        SimColumn lookup = childTable.column(column);
        if (lookup != null && !lookup.targets.contains(table.logicalName)) {
            lookup.targets.add(table.logicalName);
        }
        state.metadata.addRelationship(new SimRelationship(relationship, table.logicalName, child, column, "Cascade",
                solution, navigation));
    }

    /** English plural as Dataverse forms collection names: coach → coaches, category → categories, else + s. */
    static String plural(String logicalName) {
        if (logicalName.matches(".*(s|x|z|ch|sh)")) {
            return logicalName + "es";
        }
        if (logicalName.matches(".*[^aeiou]y")) {
            return logicalName.substring(0, logicalName.length() - 1) + "ies";
        }
        return logicalName + "s";
    }

    // ---- columns ---------------------------------------------------------------------------------------------

    private SimResponse createColumn(SimTable table, JsonNode body, String solution) {
        String odataType = body.path("@odata.type").asText(null);
        SimColumnType type = SimColumnType.fromMetadataType(odataType);
        if (type == null) {
            throw DataverseFault.invalidArgument("The attribute type '" + odataType + "' cannot be created here.");
        }
        if (type.isLookup()) {
            throw DataverseFault.invalidArgument("Lookup attributes are created with their relationship: POST "
                    + "RelationshipDefinitions with a OneToManyRelationshipMetadata.");
        }
        SimColumn column = column(table, body, type, solution);
        table.add(column);
        if (type == SimColumnType.MONEY) {
            addCurrency(table);
        }
        table.published = false;
        return created("EntityDefinitions(" + table.metadataId + ")/Attributes(" + column.metadataId + ")");
    }

    /** A column from its AttributeMetadata body, checked (name, prefix, length, precision, choices). */
    private SimColumn column(SimTable table, JsonNode body, SimColumnType type, String solution) {
        String schemaName = schemaName(body.path("SchemaName").asText(null), "SchemaName");
        String logicalName = schemaName.toLowerCase(Locale.ROOT);
        if (table.column(logicalName) != null) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "An attribute with the specified name "
                    + logicalName + " already exists on entity " + table.logicalName + ".");
        }
        SimColumn column = new SimColumn(logicalName, type, SimTable.stableId("column:" + table.logicalName + "." + logicalName));
        column.schemaName = schemaName;
        column.custom = true;
        column.solution = solution;
        column.displayName = MetadataJson.labelText(body.path("DisplayName"));
        column.requiredLevel = body.path("RequiredLevel").path("Value").asText("None");
        switch (type) {
            case STRING -> {
                column.maxLength = length(body, 100, 4_000, "StringAttributeMetadata");
                column.format = body.path("FormatName").path("Value").asText(body.path("Format").asText("Text"));
            }
            case MEMO -> {
                column.maxLength = length(body, 2_000, 1_048_576, "MemoAttributeMetadata");
                column.format = "TextArea";
            }
            case INTEGER -> bounds(column, body, Integer.MIN_VALUE, Integer.MAX_VALUE, null);
            case BIGINT -> bounds(column, body, Long.MIN_VALUE, Long.MAX_VALUE, null);
            case DECIMAL -> bounds(column, body, -100_000_000_000L, 100_000_000_000L, precision(body, 2, 10));
            case DOUBLE -> bounds(column, body, -100_000_000_000L, 100_000_000_000L, precision(body, 2, 5));
            case MONEY -> bounds(column, body, -922_337_203_685_477L, 922_337_203_685_477L, precision(body, 2, 4));
            case DATETIME -> {
                String format = body.path("Format").asText("DateAndTime");
                if (!format.equals("DateOnly") && !format.equals("DateAndTime")) {
                    throw DataverseFault.invalidArgument("Format must be DateOnly or DateAndTime, not " + format + ".");
                }
                column.format = format;
                column.behavior = body.path("DateTimeBehavior").path("Value").asText("UserLocal");
                if (!Set.of("UserLocal", "DateOnly", "TimeZoneIndependent").contains(column.behavior)) {
                    throw DataverseFault.invalidArgument("DateTimeBehavior must be UserLocal, DateOnly or TimeZoneIndependent.");
                }
                if (column.behavior.equals("DateOnly") && !format.equals("DateOnly")) {
                    throw DataverseFault.invalidArgument("A DateOnly behavior needs the DateOnly format.");
                }
                column.dateOnly = column.behavior.equals("DateOnly");
            }
            case BOOLEAN -> {
                column.options.put(0, labelOr(body.path("OptionSet").path("FalseOption").path("Label"), "No"));
                column.options.put(1, labelOr(body.path("OptionSet").path("TrueOption").path("Label"), "Yes"));
            }
            case PICKLIST, MULTISELECT -> choices(column, body, schemaName);
            default -> {
                // nothing more to read
            }
        }
        return column;
    }

    private static String labelOr(JsonNode label, String fallback) {
        String text = MetadataJson.labelText(label);
        return text == null ? fallback : text;
    }

    private static int length(JsonNode body, int fallback, int max, String type) {
        int length = body.path("MaxLength").asInt(fallback);
        if (length < 1 || length > max) {
            throw DataverseFault.invalidArgument("MaxLength " + length + " is out of range for " + type + ": it must be 1 to "
                    + max + ".");
        }
        return length;
    }

    private static Integer precision(JsonNode body, int fallback, int max) {
        int precision = body.path("Precision").asInt(fallback);
        if (precision < 0 || precision > max) {
            throw DataverseFault.invalidArgument("Precision " + precision + " is out of range: it must be 0 to " + max + ".");
        }
        return precision;
    }

    private static void bounds(SimColumn column, JsonNode body, long min, long max, Integer precision) {
        column.min = body.hasNonNull("MinValue") ? body.get("MinValue").decimalValue() : BigDecimal.valueOf(min);
        column.max = body.hasNonNull("MaxValue") ? body.get("MaxValue").decimalValue() : BigDecimal.valueOf(max);
        if (column.min.compareTo(BigDecimal.valueOf(min)) < 0 || column.max.compareTo(BigDecimal.valueOf(max)) > 0
                || column.min.compareTo(column.max) > 0) {
            throw DataverseFault.invalidArgument("MinValue/MaxValue must lie within " + min + " to " + max + ".");
        }
        column.precision = precision;
    }

    /** A local OptionSet (values assigned from the publisher's prefix when absent) or a bound global one. */
    private void choices(SimColumn column, JsonNode body, String schemaName) {
        String bind = body.path("GlobalOptionSet@odata.bind").asText(null);
        if (bind != null) {
            SimOptionSet global = globalOptionSet(bind);
            column.globalOptionSet = global.name;
            column.options.putAll(global.options);
            return;
        }
        JsonNode options = body.path("OptionSet").path("Options");
        if (!options.isArray()) {
            throw DataverseFault.invalidArgument("A choice column needs an OptionSet with Options or a "
                    + "GlobalOptionSet@odata.bind.");
        }
        readOptions(options, column.options, schemaName);
    }

    private void readOptions(JsonNode options, Map<Integer, String> into, String schemaName) {
        int next = optionValuePrefix(schemaName) * 10_000;
        for (JsonNode option : options) {
            int value;
            if (option.hasNonNull("Value")) {
                value = option.get("Value").asInt();
            } else {
                while (into.containsKey(next)) {
                    next++;
                }
                value = next++;
            }
            if (into.containsKey(value)) {
                throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "The option value " + value + " is used twice.");
            }
            into.put(value, labelOr(option.path("Label"), Integer.toString(value)));
        }
    }

    private int optionValuePrefix(String schemaName) {
        SimRecord publisher = state.publisherWithPrefix(schemaName.substring(0, schemaName.indexOf('_')));
        Object prefix = publisher == null ? null : publisher.get("customizationoptionvalueprefix");
        return prefix instanceof Number n ? n.intValue() : 10_000;
    }

    private SimOptionSet globalOptionSet(String bind) {
        Matcher m = Pattern.compile(".*GlobalOptionSetDefinitions\\((.*)\\)").matcher(bind);
        if (m.matches()) {
            String name = MetadataReads.named(m.group(1), "Name");
            for (SimOptionSet set : state.metadata.optionSets().values()) {
                if (set.name.equals(name) || set.metadataId.toString().equalsIgnoreCase(m.group(1).trim())) {
                    return set;
                }
            }
        }
        throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find the global option set " + bind + ".");
    }

    private void addCurrency(SimTable table) {
        if (table.column("transactioncurrencyid") == null) {
            SimColumn currency = table.add(new SimColumn("transactioncurrencyid", SimColumnType.LOOKUP,
                    SimTable.stableId("column:" + table.logicalName + ".transactioncurrencyid")));
            currency.targets.add("transactioncurrency");
            table.navigations.put("transactioncurrencyid", new SimNavigation("transactioncurrencyid",
                    "transactioncurrencyid", List.of("transactioncurrency")));
        }
        StandardTables.addSystemColumns(table);
    }

    // ---- global choices, relationships, keys -----------------------------------------------------------------

    private SimResponse createOptionSet(JsonNode body, String solution) {
        requireType(body, "OptionSetMetadata");
        String name = schemaName(body.path("Name").asText(null), "Name").toLowerCase(Locale.ROOT);
        if (state.metadata.optionSets().containsKey(name)) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "A global option set named " + name
                    + " already exists.");
        }
        SimOptionSet set = new SimOptionSet(name, SimTable.stableId("globaloptionset:" + name), solution,
                "MultiSelectPicklist".equals(body.path("OptionSetType").asText()));
        set.displayName = MetadataJson.labelText(body.path("DisplayName"));
        readOptions(body.path("Options"), set.options, body.path("Name").asText());
        state.metadata.optionSets().put(name, set);
        return created("GlobalOptionSetDefinitions(" + set.metadataId + ")");
    }

    private SimResponse createRelationship(JsonNode body, String solution) {
        requireType(body, "OneToManyRelationshipMetadata");
        String schemaName = schemaName(body.path("SchemaName").asText(null), "SchemaName");
        if (state.metadata.relationship(schemaName) != null) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "A relationship named " + schemaName
                    + " already exists.");
        }
        SimTable referenced = existingTable(body.path("ReferencedEntity").asText(null), "ReferencedEntity");
        SimTable referencing = existingTable(body.path("ReferencingEntity").asText(null), "ReferencingEntity");
        JsonNode lookup = body.path("Lookup");
        if (!lookup.isObject()) {
            throw DataverseFault.invalidArgument("A OneToManyRelationshipMetadata needs its Lookup (LookupAttributeMetadata).");
        }
        String lookupSchema = schemaName(lookup.path("SchemaName").asText(null), "Lookup.SchemaName");
        String column = lookupSchema.toLowerCase(Locale.ROOT);
        if (referencing.column(column) != null) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "An attribute with the specified name "
                    + column + " already exists on entity " + referencing.logicalName + ".");
        }
        String delete = body.path("CascadeConfiguration").path("Delete").asText("RemoveLink");
        if (!Set.of("Cascade", "RemoveLink", "Restrict").contains(delete)) {
            throw DataverseFault.invalidArgument("CascadeConfiguration.Delete must be Cascade, RemoveLink or Restrict, not "
                    + delete + ".");
        }
        String navigation = body.hasNonNull("ReferencingEntityNavigationPropertyName")
                ? body.get("ReferencingEntityNavigationPropertyName").asText() : lookupSchema;
        if (referencing.navigations.containsKey(navigation)) {
            throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "The navigation property " + navigation
                    + " already exists on " + referencing.logicalName + ".");
        }
        SimColumn lookupColumn = new SimColumn(column, SimColumnType.LOOKUP,
                SimTable.stableId("column:" + referencing.logicalName + "." + column));
        lookupColumn.schemaName = lookupSchema;
        lookupColumn.custom = true;
        lookupColumn.solution = solution;
        lookupColumn.displayName = MetadataJson.labelText(lookup.path("DisplayName"));
        lookupColumn.requiredLevel = lookup.path("RequiredLevel").path("Value").asText("None");
        lookupColumn.targets.add(referenced.logicalName);
        referencing.add(lookupColumn);
        referencing.navigations.put(navigation, new SimNavigation(navigation, column, List.of(referenced.logicalName)));
        referencing.published = false;
        state.metadata.addRelationship(new SimRelationship(schemaName, referenced.logicalName, referencing.logicalName,
                column, delete, solution, navigation));
        return created("RelationshipDefinitions(" + SimTable.stableId("relationship:" + schemaName) + ")");
    }

    private SimResponse createKey(SimTable table, JsonNode body, String solution) {
        String schemaName = schemaName(body.path("SchemaName").asText(null), "SchemaName");
        List<String> attributes = new ArrayList<>();
        body.path("KeyAttributes").forEach(a -> attributes.add(a.asText()));
        if (attributes.isEmpty()) {
            throw DataverseFault.invalidArgument("An entity key needs at least one of KeyAttributes.");
        }
        for (String attribute : attributes) {
            SimColumn column = table.column(attribute);
            if (column == null) {
                throw DataverseFault.invalidArgument("The attribute " + attribute + " does not exist on entity "
                        + table.logicalName + ".");
            }
            if (!KEY_TYPES.contains(column.type)) {
                throw DataverseFault.invalidArgument("The attribute " + attribute + " of type " + column.type.attributeType()
                        + " cannot be part of an entity key.");
            }
        }
        for (SimAlternateKey existing : table.keys) {
            if (existing.schemaName.equalsIgnoreCase(schemaName) || Set.copyOf(existing.attributes).equals(Set.copyOf(attributes))) {
                throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "An entity key with this name or these "
                        + "attributes already exists on " + table.logicalName + ".");
            }
        }
        SimAlternateKey key = new SimAlternateKey(schemaName, attributes,
                SimTable.stableId("key:" + table.logicalName + "." + schemaName), solution);
        table.keys.add(key);
        table.published = false;
        keyBuilder.schedule(table, key);
        return created("EntityDefinitions(" + table.metadataId + ")/Keys(" + key.metadataId + ")");
    }

    // ---- deletes [webapi/create-update-entity-definitions-using-web-api; maker/data-platform/data-platform-delete-entity]

    private static final Pattern DELETE_TABLE = Pattern.compile("EntityDefinitions\\(([^/]*)\\)");
    private static final Pattern DELETE_PART = Pattern.compile("EntityDefinitions\\(([^/]*)\\)/(Attributes|Keys)\\(([^/]*)\\)");
    private static final Pattern DELETE_RELATIONSHIP = Pattern.compile("RelationshipDefinitions\\(([^/]*)\\)");

    /** Checks everything before it changes anything: metadata is not undone by the store's rollback, only rows are. */
    private SimResponse delete(String resource, RequestContext context) {
        Matcher m = DELETE_TABLE.matcher(resource);
        if (m.matches()) {
            deleteTable(reads.table(m.group(1)), context);
            return SimResponse.noContent();
        }
        m = DELETE_PART.matcher(resource);
        if (m.matches()) {
            SimTable table = reads.table(m.group(1));
            if (m.group(2).equals("Attributes")) {
                deleteColumn(table, column(table, m.group(3)));
            } else {
                deleteKey(table, key(table, m.group(3)));
            }
            return SimResponse.noContent();
        }
        m = DELETE_RELATIONSHIP.matcher(resource);
        if (m.matches()) {
            deleteRelationship(relationship(m.group(1)));
            return SimResponse.noContent();
        }
        throw new DataverseFault(405, DataverseFault.ODATA_CODE, "The simulator does not support DELETE on " + resource + ".");
    }

    /**
     * A custom table goes with its rows (and what they cascade to) and every relationship it is part of. Refused for a
     * standard table, and while a custom lookup of another table still points at it (the docs: a table with dependent
     * components cannot be deleted).
     */
    private void deleteTable(SimTable table, RequestContext context) {
        if (!table.custom) {
            // the docs say standard tables cannot be deleted, not with which code: the code is the simulator's
            throw DataverseFault.invalidArgument("The entity " + table.logicalName + " is not a custom entity and cannot "
                    + "be deleted.");
        }
        int dependents = 0;
        for (SimRelationship r : state.metadata.relationships()) {
            SimTable referencing = state.metadata.table(r.referencing());
            SimColumn lookup = referencing == null ? null : referencing.column(r.column());
            // notes' and tasks' links to a table come and go with it (HasNotes/HasActivities); a custom lookup stays
            if (r.referenced().equals(table.logicalName) && !r.referencing().equals(table.logicalName)
                    && lookup != null && lookup.custom) {
                dependents++;
            }
        }
        if (dependents > 0) {
            throw DataverseFault.inUse("Entity", table.metadataId, dependents);
        }
        records.deleteAllRows(table, context);
        for (SimRelationship r : List.copyOf(state.metadata.relationships())) {
            if (r.referenced().equals(table.logicalName) && !r.referencing().equals(table.logicalName)) {
                detachChildren(r);
            }
            if (r.referenced().equals(table.logicalName) || r.referencing().equals(table.logicalName)) {
                state.metadata.relationships().remove(r);
            }
        }
        state.metadata.removeTable(table);
    }

    /** Undoes {@link #attachChildren}: the note's or task's navigation property and lookup target for the table. */
    private void detachChildren(SimRelationship r) {
        SimTable child = state.metadata.table(r.referencing());
        if (child == null) {
            return;
        }
        String navigation = reads.navigation(r);
        if (navigation != null) {
            child.navigations.remove(navigation);
        }
        SimColumn lookup = child.column(r.column());
        if (lookup != null) {
            lookup.targets.remove(r.referenced());
        }
    }

    /**
     * A custom column and its values. A lookup goes with its relationship; a column of an alternate key only after
     * the key. A money column takes its {@code _base} column along (the table's currency and exchange rate stay: other
     * money columns may use them, and standard tables have them anyway).
     */
    private void deleteColumn(SimTable table, SimColumn column) {
        if (!column.custom) {
            throw DataverseFault.invalidArgument("The attribute " + column.logicalName + " of " + table.logicalName
                    + " is not a custom attribute and cannot be deleted.");
        }
        if (column.type.isLookup()) {
            throw DataverseFault.invalidArgument("The attribute " + column.logicalName + " is a lookup: delete its "
                    + "relationship (RelationshipDefinitions) instead.");
        }
        requireNotInKey(table, column);
        dropColumn(table, column.logicalName);
        if (column.type == SimColumnType.MONEY) {
            dropColumn(table, column.logicalName + "_base");
        }
    }

    private void deleteKey(SimTable table, SimAlternateKey key) {
        table.keys.remove(key);
        table.published = false;
    }

    /** A one-to-many relationship with its lookup column, navigation property and the lookup's values. */
    private void deleteRelationship(SimRelationship relationship) {
        SimTable referencing = state.metadata.table(relationship.referencing());
        SimColumn lookup = referencing == null ? null : referencing.column(relationship.column());
        if (lookup == null || !lookup.custom) {
            throw DataverseFault.invalidArgument("The relationship " + relationship.name() + " is not a custom "
                    + "relationship and cannot be deleted.");
        }
        requireNotInKey(referencing, lookup);
        String navigation = reads.navigation(relationship);
        if (navigation != null) {
            referencing.navigations.remove(navigation);
        }
        dropColumn(referencing, lookup.logicalName);
        state.metadata.relationships().remove(relationship);
    }

    private static void requireNotInKey(SimTable table, SimColumn column) {
        int keys = 0;
        for (SimAlternateKey key : table.keys) {
            if (key.attributes.contains(column.logicalName)) {
                keys++;
            }
        }
        if (keys > 0) {
            throw DataverseFault.inUse("Attribute", column.metadataId, keys);
        }
    }

    /** Removes a column and its values from every row (a schema change, so the rows keep their version). */
    private void dropColumn(SimTable table, String column) {
        if (table.columns.remove(column) == null) {
            return;
        }
        Map<String, Object> drop = new java.util.HashMap<>();
        drop.put(column, null);
        for (SimRecord row : state.store.rows(table.logicalName)) {
            if (row.values().containsKey(column)) {
                state.store.put(row.with(drop, row.version()));
            }
        }
        table.published = false;
    }

    private SimColumn column(SimTable table, String key) {
        String logicalName = MetadataReads.named(key, "LogicalName");
        for (SimColumn c : table.columns.values()) {
            if (c.logicalName.equals(logicalName) || c.metadataId.toString().equalsIgnoreCase(key.trim())) {
                return c;
            }
        }
        throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find an attribute with key " + key
                + " on entity " + table.logicalName + ".");
    }

    private SimAlternateKey key(SimTable table, String key) {
        String logicalName = MetadataReads.named(key, "LogicalName");
        for (SimAlternateKey k : table.keys) {
            if (k.logicalName.equals(logicalName) || k.metadataId.toString().equalsIgnoreCase(key.trim())) {
                return k;
            }
        }
        throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find an entity key with key " + key
                + " on entity " + table.logicalName + ".");
    }

    private SimRelationship relationship(String key) {
        String schemaName = MetadataReads.named(key, "SchemaName");
        for (SimRelationship r : state.metadata.relationships()) {
            if (r.name().equals(schemaName)
                    || SimTable.stableId("relationship:" + r.name()).toString().equalsIgnoreCase(key.trim())) {
                return r;
            }
        }
        throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find a relationship with key " + key + ".");
    }

    // ---- publish ---------------------------------------------------------------------------------------------

    private SimResponse publish(SimRequest request, boolean all) {
        List<String> tables = new ArrayList<>();
        if (all) {
            state.metadata.tables().forEach(t -> tables.add(t.logicalName));
        } else {
            JsonNode body = JsonBodies.read(request, "PublishXml");
            String xml = body.path("ParameterXml").asText(null);
            if (xml == null) {
                throw DataverseFault.badPayload("PublishXml", "Microsoft.OData.ODataException: The parameter "
                        + "'ParameterXml' is missing.");
            }
            Matcher m = PUBLISH_ENTITY.matcher(xml);
            while (m.find()) {
                tables.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        for (String name : tables) {
            SimTable table = state.metadata.table(name);
            if (table != null) {
                table.published = true;
            }
        }
        state.metadata.publishLog().add((all ? "PublishAllXml" : "PublishXml") + ":" + String.join(",", tables));
        return SimResponse.noContent();
    }

    // ---- shared checks ---------------------------------------------------------------------------------------

    /** A schema name with a known publisher's prefix and '_' [create-update-entity-definitions-using-web-api]. */
    private String schemaName(String name, String property) {
        if (name == null || name.isBlank()) {
            throw DataverseFault.invalidArgument(property + " is required.");
        }
        Matcher m = SCHEMA_NAME.matcher(name);
        if (!m.matches() || state.publisherWithPrefix(m.group(1)) == null) {
            throw DataverseFault.invalidArgument("The " + property + " '" + name + "' must start with the customization "
                    + "prefix of a publisher in this org followed by '_' (for example '" + state.options.publisherPrefix()
                    + "_').");
        }
        return name;
    }

    private SimTable existingTable(String logicalName, String property) {
        SimTable table = logicalName == null ? null : state.metadata.table(logicalName);
        if (table == null) {
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find the " + property + " entity "
                    + logicalName + ".");
        }
        return table;
    }

    private static void requireType(JsonNode body, String type) {
        String given = body.path("@odata.type").asText(null);
        if (given != null && !given.replace("#", "").equals("Microsoft.Dynamics.CRM." + type)) {
            throw DataverseFault.invalidArgument("Expected @odata.type Microsoft.Dynamics.CRM." + type + ", not " + given + ".");
        }
    }

    private static String requiredLabel(JsonNode body, String property) {
        String text = MetadataJson.labelText(body.path(property));
        if (text == null || text.isBlank()) {
            throw DataverseFault.invalidArgument(property + " is required (a Label with LocalizedLabels).");
        }
        return text;
    }

    private SimResponse created(String path) {
        return SimResponse.noContent().header("OData-EntityId", state.baseUrl + path);
    }

    private static void hold(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
