package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the schema: table, column and choice definitions, {@code EntitySetName} (read, never guessed),
 * custom tables, columns, global choices, one-to-many relationships, alternate keys and PublishXml.
 *
 * <p>Every write carries {@code MSCRM.SolutionUniqueName} so components land in the migration's solution, every
 * custom SchemaName must start with the publisher prefix, and writes go one at a time because Dataverse serializes
 * customizations per org. [webapi/create-update-entity-definitions-using-web-api]
 */
public final class MetadataClient {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataClient.class);
    private static final String TABLE_SELECT =
            "LogicalName,SchemaName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,MetadataId";

    private final DataverseClient client;
    private final DataverseSettings settings;
    private final MetadataBodies bodies;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Map<String, TableDefinition> tables = new ConcurrentHashMap<>();
    private volatile boolean solutionReady;

    public MetadataClient(DataverseClient client) {
        this.client = client;
        this.settings = client.settings();
        this.bodies = new MetadataBodies(settings.languageCode());
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** The table's definition, or empty when no such table exists. */
    public Optional<TableDefinition> table(String logicalName) {
        TableDefinition cached = tables.get(logicalName);
        if (cached != null) {
            return Optional.of(cached);
        }
        DataverseResponse r = client.execute(DataverseRequest.get("EntityDefinitions(LogicalName="
                + ODataQuery.encode(ODataLiteral.string(logicalName)) + ")?$select=" + TABLE_SELECT));
        if (r.status() == 404) {
            return Optional.empty();
        }
        JsonNode j = r.requireSuccess().json();
        TableDefinition t = new TableDefinition(j.path("LogicalName").asText(), j.path("SchemaName").asText(),
                j.path("EntitySetName").asText(), j.path("PrimaryIdAttribute").asText(),
                j.path("PrimaryNameAttribute").asText(null), uuid(j.path("MetadataId").asText(null)));
        tables.put(logicalName, t);
        return Optional.of(t);
    }

    /** The entity set name URLs use; custom tables may have an English plural ({@code profi_coaches}). */
    public String entitySetName(String logicalName) {
        return requireTable(logicalName).entitySetName();
    }

    public TableRef tableRef(String logicalName) {
        return requireTable(logicalName).toRef();
    }

    private TableDefinition requireTable(String logicalName) {
        return table(logicalName).orElseThrow(() -> new DataverseException(new DataverseError(404, "",
                "table '" + logicalName + "' does not exist in this environment", false, null)));
    }

    /** A column's attribute metadata, or empty when the table has no such column. */
    public Optional<JsonNode> column(String table, String column) {
        DataverseResponse r = client.execute(DataverseRequest.get(attributePath(table, column)));
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(r.requireSuccess().json());
    }

    /** Every column of a table, for matching source fields to columns that already exist. */
    public List<ColumnInfo> columns(String table) {
        JsonNode j = client.execute(DataverseRequest.get("EntityDefinitions(LogicalName="
                + ODataQuery.encode(ODataLiteral.string(table)) + ")/Attributes?$select=LogicalName,AttributeType,"
                + "AttributeTypeName,DisplayName")).requireSuccess().json();
        List<ColumnInfo> out = new java.util.ArrayList<>();
        for (JsonNode a : j.path("value")) {
            String type = a.path("AttributeType").asText();
            String typeName = a.path("AttributeTypeName").path("Value").asText("");
            if (typeName.equals("MultiSelectPicklistType")) {
                type = typeName;
            }
            out.add(new ColumnInfo(a.path("LogicalName").asText(), type, labelText(a.path("DisplayName"))));
        }
        return out;
    }

    /**
     * The relationships in which {@code table} is the one side, with their delete behaviour: what deleting one of its
     * records does to the records that point at it. [webapi/query-metadata-web-api]
     */
    public List<OneToManyRelationship> oneToManyRelationships(String table) {
        JsonNode j = client.execute(DataverseRequest.get(tablePath(table) + "/OneToManyRelationships?$select=SchemaName,"
                + "ReferencedEntity,ReferencingEntity,ReferencingAttribute,ReferencingEntityNavigationPropertyName,"
                + "CascadeConfiguration")).requireSuccess().json();
        List<OneToManyRelationship> out = new java.util.ArrayList<>();
        for (JsonNode r : j.path("value")) {
            out.add(new OneToManyRelationship(r.path("SchemaName").asText(), r.path("ReferencedEntity").asText(table),
                    r.path("ReferencingEntity").asText(), r.path("ReferencingAttribute").asText(),
                    r.path("ReferencingEntityNavigationPropertyName").asText(null),
                    r.path("CascadeConfiguration").path("Delete").asText("")));
        }
        return out;
    }

    /** Value → label of a choice, choices, state, status or yes/no column, local or global. */
    public Map<Integer, String> choiceOptions(String table, String column) {
        JsonNode attribute = column(table, column).orElseThrow(() -> new DataverseException(new DataverseError(404, "",
                "column '" + column + "' does not exist on '" + table + "'", false, null)));
        String type = attribute.path("AttributeTypeName").path("Value").asText(attribute.path("AttributeType").asText());
        String cast = switch (type) {
            case "PicklistType", "Picklist" -> "PicklistAttributeMetadata";
            case "MultiSelectPicklistType" -> "MultiSelectPicklistAttributeMetadata";
            case "StateType", "State" -> "StateAttributeMetadata";
            case "StatusType", "Status" -> "StatusAttributeMetadata";
            case "BooleanType", "Boolean" -> "BooleanAttributeMetadata";
            default -> throw new IllegalArgumentException(table + "." + column + " is not a choice column (" + type + ")");
        };
        String expand = cast.equals("BooleanAttributeMetadata") || cast.startsWith("State") || cast.startsWith("Status")
                ? "OptionSet" : "OptionSet,GlobalOptionSet";
        JsonNode j = client.execute(DataverseRequest.get(attributePath(table, column) + "/Microsoft.Dynamics.CRM." + cast
                + "?$select=LogicalName&$expand=" + expand)).requireSuccess().json();
        Map<Integer, String> out = new LinkedHashMap<>();
        for (JsonNode set : List.of(j.path("OptionSet"), j.path("GlobalOptionSet"))) {
            for (JsonNode o : set.path("Options")) {
                out.put(o.path("Value").asInt(), labelText(o.path("Label")));
            }
            for (String side : List.of("TrueOption", "FalseOption")) {
                JsonNode o = set.path(side);
                if (!o.isMissingNode() && !o.isNull()) {
                    out.put(o.path("Value").asInt(), labelText(o.path("Label")));
                }
            }
        }
        return out;
    }

    /** A global choice's definition, or empty. */
    public Optional<JsonNode> globalChoice(String name) {
        DataverseResponse r = client.execute(DataverseRequest.get("GlobalOptionSetDefinitions(Name="
                + ODataQuery.encode(ODataLiteral.string(name)) + ")"));
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(r.requireSuccess().json());
    }

    /** An alternate key's index status; empty when the table has no such key. [dataverse.md Schema] */
    public Optional<KeyIndexStatus> alternateKeyStatus(String table, String keyLogicalName) {
        DataverseResponse r = client.execute(DataverseRequest.get(tablePath(table) + "/Keys(LogicalName="
                + ODataQuery.encode(ODataLiteral.string(keyLogicalName)) + ")?$select=LogicalName,EntityKeyIndexStatus"));
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(KeyIndexStatus.parse(r.requireSuccess().json().path("EntityKeyIndexStatus").asText(null)));
    }

    private static String labelText(JsonNode label) {
        JsonNode user = label.path("UserLocalizedLabel").path("Label");
        if (user.isTextual()) {
            return user.asText();
        }
        JsonNode first = label.path("LocalizedLabels").path(0).path("Label");
        return first.isTextual() ? first.asText() : "";
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    /** Creates a user-owned custom table with its primary-name column; returns its definition as read back. */
    public TableDefinition createTable(TableSpec spec) {
        requirePrefix(spec.schemaName());
        requirePrefix(spec.primaryNameSchemaName());
        write(DataverseRequest.post("EntityDefinitions", DataverseJson.write(bodies.table(spec))), "create table "
                + spec.schemaName());
        tables.remove(spec.logicalName());
        return requireTable(spec.logicalName());
    }

    /** Adds a column to a table (standard or custom); a global choice is looked up by name for its MetadataId. */
    public void createColumn(String table, ColumnSpec spec) {
        requirePrefix(spec.schemaName());
        UUID globalId = null;
        if (spec.globalChoiceName() != null) {
            JsonNode set = globalChoice(spec.globalChoiceName()).orElseThrow(() -> new DataverseException(
                    new DataverseError(404, "", "global choice '" + spec.globalChoiceName() + "' does not exist",
                            false, null)));
            globalId = uuid(set.path("MetadataId").asText(null));
        }
        write(DataverseRequest.post(tablePath(table) + "/Attributes", DataverseJson.write(bodies.column(spec, globalId))),
                "create column " + table + "." + spec.schemaName());
    }

    /** Creates a global choice (option set) several columns can share. */
    public void createGlobalChoice(String name, String displayName, List<ChoiceOption> options) {
        requirePrefix(name);
        write(DataverseRequest.post("GlobalOptionSetDefinitions",
                DataverseJson.write(bodies.globalChoice(name, displayName, options))), "create global choice " + name);
    }

    /**
     * Creates a one-to-many relationship with its lookup column, then reads back the navigation property to bind
     * through ({@code ReferencingEntityNavigationPropertyName}). [associate-disassociate-entities-using-web-api]
     */
    public LookupDefinition createLookup(LookupSpec spec) {
        requirePrefix(spec.relationshipSchemaName());
        requirePrefix(spec.lookupSchemaName());
        write(DataverseRequest.post("RelationshipDefinitions", DataverseJson.write(bodies.oneToMany(spec))),
                "create relationship " + spec.relationshipSchemaName());
        return lookup(spec.relationshipSchemaName());
    }

    /** A one-to-many relationship's lookup column and navigation property. */
    public LookupDefinition lookup(String relationshipSchemaName) {
        JsonNode j = client.execute(DataverseRequest.get("RelationshipDefinitions(SchemaName="
                + ODataQuery.encode(ODataLiteral.string(relationshipSchemaName))
                + ")/Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata"
                + "?$select=SchemaName,ReferencingAttribute,ReferencingEntityNavigationPropertyName"))
                .requireSuccess().json();
        return new LookupDefinition(j.path("SchemaName").asText(relationshipSchemaName),
                j.path("ReferencingAttribute").asText(null), j.path("ReferencingEntityNavigationPropertyName").asText(null));
    }

    /** Asks for an alternate key; Dataverse builds it in the background (see {@link #awaitAlternateKey}). */
    public void createAlternateKey(String table, KeySpec spec) {
        requirePrefix(spec.schemaName());
        write(DataverseRequest.post(tablePath(table) + "/Keys", DataverseJson.write(bodies.key(spec))),
                "create alternate key " + table + "." + spec.schemaName());
    }

    /**
     * Polls {@code EntityKeyIndexStatus} until the key is Active or Failed; a key still building after
     * {@code timeout} is reported as a {@link DataverseException}. [dataverse.md Schema]
     */
    public KeyIndexStatus awaitAlternateKey(String table, String keyLogicalName, Duration timeout) {
        Instant deadline = client.clock().instant().plus(timeout);
        KeyIndexStatus last = null;
        while (true) {
            last = alternateKeyStatus(table, keyLogicalName).orElseThrow(() -> new DataverseException(
                    new DataverseError(404, "", "alternate key '" + keyLogicalName + "' does not exist on '" + table
                            + "'", false, null)));
            if (last.isFinal()) {
                LOG.info("Alternate key {}.{} is {}", table, keyLogicalName, last);
                return last;
            }
            Instant now = client.clock().instant();
            if (!now.isBefore(deadline)) {
                throw new DataverseException(new DataverseError(0, "", "alternate key '" + keyLogicalName + "' on '"
                        + table + "' is still " + last + " after " + timeout.toSeconds() + " s", true, null));
            }
            Duration pause = settings.keyPollInterval();
            Duration left = Duration.between(now, deadline);
            try {
                Thread.sleep(Math.max(1, Math.min(pause.toMillis(), left.toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataverseException(DataverseError.transport("interrupted while waiting for a key", false));
            }
        }
    }

    public KeyIndexStatus awaitAlternateKey(String table, String keyLogicalName) {
        return awaitAlternateKey(table, keyLogicalName, settings.keyActivationTimeout());
    }

    /** Publishes the changed tables so their customizations show in apps. [dataverse.md Schema] */
    public void publish(List<String> tableLogicalNames) {
        write(DataverseRequest.post("PublishXml", DataverseJson.write(bodies.publish(tableLogicalNames))),
                "publish " + tableLogicalNames);
    }

    /**
     * Makes sure the configured solution exists, and the publisher whose prefix it uses, creating either when
     * missing: components created with {@code MSCRM.SolutionUniqueName} of a missing solution are refused.
     * [webapi/create-update-entity-definitions-using-web-api]
     */
    public void ensureSolution() {
        if (solutionReady) {
            return;
        }
        writeLock.lock();
        try {
            if (solutionReady) {
                return;
            }
            RecordReader reader = new RecordReader(client);
            String prefix = settings.publisherPrefix().toLowerCase(Locale.ROOT);
            UUID publisherId = reader.findFirst(ODataQuery.from("publishers").select("publisherid")
                            .filter("customizationprefix eq " + ODataLiteral.string(prefix)))
                    .map(p -> UUID.fromString(p.path("publisherid").asText()))
                    .orElseGet(() -> createPublisher(prefix));
            boolean exists = reader.findFirst(ODataQuery.from("solutions").select("solutionid")
                    .filter("uniquename eq " + ODataLiteral.string(settings.solutionUniqueName()))).isPresent();
            if (!exists) {
                ObjectNode body = DataverseJson.MAPPER.createObjectNode()
                        .put("uniquename", settings.solutionUniqueName())
                        .put("friendlyname", settings.solutionUniqueName())
                        .put("version", "1.0.0.0")
                        .put("description", "Tables and columns created by the Profi migrator");
                body.put("publisherid@odata.bind", "/publishers(" + publisherId + ")");
                client.execute(DataverseRequest.post("solutions", DataverseJson.write(body))).requireSuccess();
                LOG.info("Dataverse schema: created solution {} of publisher prefix {}", settings.solutionUniqueName(), prefix);
            }
            solutionReady = true;
        } finally {
            writeLock.unlock();
        }
    }

    private UUID createPublisher(String prefix) {
        UUID id = UUID.randomUUID();
        ObjectNode body = DataverseJson.MAPPER.createObjectNode()
                .put("publisherid", id.toString())
                .put("uniquename", prefix + "publisher")
                .put("friendlyname", "Profi migration (" + prefix + ")")
                .put("customizationprefix", prefix)
                .put("customizationoptionvalueprefix", settings.optionValuePrefix());
        client.execute(DataverseRequest.post("publishers", DataverseJson.write(body))).requireSuccess();
        LOG.info("Dataverse schema: created publisher with prefix {}", prefix);
        return id;
    }

    /** One metadata write at a time, into the configured solution. */
    private void write(DataverseRequest request, String what) {
        ensureSolution();
        writeLock.lock();
        try {
            DataverseResponse r = client.execute(request
                    .withHeader("MSCRM.SolutionUniqueName", settings.solutionUniqueName()));
            if (!r.isSuccess()) {
                DataverseError e = r.error();
                throw new DataverseException(new DataverseError(e.status(), e.code(), what + ": " + e.message(),
                        e.retryable(), e.requestId()));
            }
            LOG.info("Dataverse schema: {} done (solution {})", what, settings.solutionUniqueName());
        } finally {
            writeLock.unlock();
        }
    }

    /** Custom SchemaNames start with the publisher prefix and an underscore. [dataverse.md Schema] */
    private void requirePrefix(String schemaName) {
        String prefix = settings.publisherPrefix().toLowerCase(Locale.ROOT) + "_";
        if (!schemaName.toLowerCase(Locale.ROOT).startsWith(prefix) || schemaName.length() <= prefix.length()) {
            throw new IllegalArgumentException("'" + schemaName + "' must start with the publisher prefix '" + prefix
                    + "' (dataverse.publisher.prefix)");
        }
    }

    private static String tablePath(String table) {
        return "EntityDefinitions(LogicalName=" + ODataQuery.encode(ODataLiteral.string(table)) + ")";
    }

    private static String attributePath(String table, String column) {
        return tablePath(table) + "/Attributes(LogicalName=" + ODataQuery.encode(ODataLiteral.string(column)) + ")";
    }

    private static UUID uuid(String s) {
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }
}
