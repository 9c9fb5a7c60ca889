package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Writes schema objects as the metadata Web API shows them (EntityMetadata, AttributeMetadata, keys, option sets). */
final class MetadataJson {

    private static final String CRM = "Microsoft.Dynamics.CRM.";

    private MetadataJson() {
    }

    static ObjectNode label(String text) {
        ObjectNode label = SimResponse.JSON.createObjectNode();
        ArrayNode localized = label.putArray("LocalizedLabels");
        if (text == null) {
            label.putNull("UserLocalizedLabel");
            return label;
        }
        ObjectNode one = localized.addObject();
        one.put("Label", text);
        one.put("LanguageCode", 1033);
        one.put("IsManaged", false);
        label.set("UserLocalizedLabel", one.deepCopy());
        return label;
    }

    /** The text of a Label object in a request ({@code LocalizedLabels[0].Label} or {@code UserLocalizedLabel.Label}). */
    static String labelText(JsonNode label) {
        if (label == null || label.isMissingNode() || label.isNull()) {
            return null;
        }
        JsonNode localized = label.path("LocalizedLabels");
        if (localized.isArray() && localized.size() > 0) {
            return localized.get(0).path("Label").asText(null);
        }
        return label.path("UserLocalizedLabel").path("Label").asText(null);
    }

    static ObjectNode entity(SimTable table) {
        ObjectNode node = SimResponse.JSON.createObjectNode();
        node.put("MetadataId", table.metadataId.toString());
        node.put("LogicalName", table.logicalName);
        node.put("SchemaName", table.schemaName);
        node.put("EntitySetName", table.entitySet);
        node.put("LogicalCollectionName", table.entitySet);
        node.put("CollectionSchemaName", table.schemaName + "s");
        node.put("PrimaryIdAttribute", table.primaryId);
        node.put("PrimaryNameAttribute", table.primaryName);
        node.put("ObjectTypeCode", table.objectTypeCode);
        node.put("IsCustomEntity", table.custom);
        node.put("IsManaged", false);
        node.put("IsActivity", table.activity);
        node.put("OwnershipType", table.ownership);
        node.put("HasNotes", table.hasNotes);
        node.put("HasActivities", table.hasActivities);
        node.put("IsValidForAdvancedFind", true);
        node.put("IntroducedVersion", "1.0");
        node.set("DisplayName", label(table.displayName));
        node.set("DisplayCollectionName", label(table.displayCollectionName));
        return node;
    }

    static ObjectNode attribute(SimTable table, SimColumn column, Map<String, SimOptionSet> globals) {
        ObjectNode node = SimResponse.JSON.createObjectNode();
        node.put("@odata.type", "#" + CRM + column.type.metadataType());
        node.put("MetadataId", column.metadataId.toString());
        node.put("LogicalName", column.logicalName);
        node.put("SchemaName", column.schemaName);
        node.put("EntityLogicalName", table.logicalName);
        node.put("AttributeType", column.type.attributeType());
        node.putObject("AttributeTypeName").put("Value", column.type.typeName());
        node.put("IsCustomAttribute", column.custom);
        node.put("IsPrimaryId", column.primaryId);
        node.put("IsPrimaryName", column.primaryName);
        node.put("IsValidForCreate", column.validCreate);
        node.put("IsValidForUpdate", column.validUpdate);
        node.put("IsValidForRead", true);
        node.put("IsManaged", false);
        ObjectNode required = node.putObject("RequiredLevel");
        required.put("Value", column.requiredLevel);
        required.put("CanBeChanged", true);
        required.put("ManagedPropertyLogicalName", "canmodifyrequirementlevelsettings");
        node.set("DisplayName", label(column.displayName != null ? column.displayName : column.schemaName));
        switch (column.type) {
            case STRING, MEMO -> {
                node.put("MaxLength", column.maxLength == null ? 4000 : column.maxLength);
                String format = column.format != null ? column.format : column.type == SimColumnType.MEMO ? "TextArea" : "Text";
                node.put("Format", format);
                node.putObject("FormatName").put("Value", format);
            }
            case INTEGER, BIGINT, DECIMAL, DOUBLE, MONEY -> {
                putNumber(node, "MinValue", column.min);
                putNumber(node, "MaxValue", column.max);
                if (column.type != SimColumnType.INTEGER && column.type != SimColumnType.BIGINT) {
                    node.put("Precision", column.precision == null ? 2 : column.precision);
                }
            }
            case DATETIME -> {
                node.put("Format", column.dateOnly || "DateOnly".equals(column.format) ? "DateOnly" : "DateAndTime");
                node.putObject("DateTimeBehavior").put("Value", column.behavior != null ? column.behavior : "UserLocal");
            }
            case BOOLEAN -> {
                ObjectNode set = node.putObject("OptionSet");
                set.put("OptionSetType", "Boolean");
                set.put("IsGlobal", false);
                set.set("TrueOption", option(1, column.options.getOrDefault(1, "Yes")));
                set.set("FalseOption", option(0, column.options.getOrDefault(0, "No")));
            }
            case PICKLIST, MULTISELECT, STATE, STATUS -> {
                SimOptionSet global = column.globalOptionSet == null ? null : globals.get(column.globalOptionSet);
                ObjectNode set = node.putObject("OptionSet");
                set.put("MetadataId", (global != null ? global.metadataId
                        : SimTable.stableId("optionset:" + table.logicalName + "." + column.logicalName)).toString());
                set.put("Name", global != null ? global.name : table.logicalName + "_" + column.logicalName);
                set.put("IsGlobal", global != null);
                set.put("OptionSetType", column.type == SimColumnType.STATE ? "State"
                        : column.type == SimColumnType.STATUS ? "Status" : "Picklist");
                ArrayNode options = set.putArray("Options");
                column.options.forEach((value, text) -> {
                    ObjectNode option = option(value, text);
                    options.add(option);
                    if (column.type == SimColumnType.STATE && column.defaultStatusOfState.containsKey(value)) {
                        option.put("DefaultStatus", column.defaultStatusOfState.get(value));
                    }
                    if (column.type == SimColumnType.STATUS && column.stateOfStatus.containsKey(value)) {
                        option.put("State", column.stateOfStatus.get(value));
                    }
                });
            }
            case LOOKUP, OWNER, CUSTOMER -> {
                ArrayNode targets = node.putArray("Targets");
                column.targets.forEach(targets::add);
            }
            default -> {
                // Uniqueidentifier has no extra properties
            }
        }
        return node;
    }

    private static void putNumber(ObjectNode node, String name, BigDecimal value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    static ObjectNode option(int value, String text) {
        ObjectNode option = SimResponse.JSON.createObjectNode();
        option.put("Value", value);
        option.set("Label", label(text));
        return option;
    }

    static ObjectNode key(SimTable table, SimAlternateKey key) {
        ObjectNode node = SimResponse.JSON.createObjectNode();
        node.put("MetadataId", key.metadataId.toString());
        node.put("LogicalName", key.logicalName);
        node.put("SchemaName", key.schemaName);
        node.put("EntityLogicalName", table.logicalName);
        ArrayNode attributes = node.putArray("KeyAttributes");
        key.attributes.forEach(attributes::add);
        node.put("EntityKeyIndexStatus", key.status);
        node.set("DisplayName", label(key.schemaName));
        return node;
    }

    static ObjectNode optionSet(SimOptionSet set) {
        ObjectNode node = SimResponse.JSON.createObjectNode();
        node.put("@odata.type", "#" + CRM + "OptionSetMetadata");
        node.put("MetadataId", set.metadataId.toString());
        node.put("Name", set.name);
        node.put("IsGlobal", true);
        node.put("OptionSetType", "Picklist");
        node.put("IsCustomOptionSet", true);
        node.set("DisplayName", label(set.displayName != null ? set.displayName : set.name));
        ArrayNode options = node.putArray("Options");
        set.options.forEach((value, text) -> options.add(option(value, text)));
        return node;
    }

    static ObjectNode relationship(SimRelationship relationship, String navigation) {
        ObjectNode node = SimResponse.JSON.createObjectNode();
        node.put("@odata.type", "#" + CRM + "OneToManyRelationshipMetadata");
        node.put("MetadataId", SimTable.stableId("relationship:" + relationship.name()).toString());
        node.put("SchemaName", relationship.name());
        node.put("RelationshipType", "OneToManyRelationship");
        node.put("IsCustomRelationship", relationship.solution() != null);
        node.put("ReferencedEntity", relationship.referenced());
        node.put("ReferencingEntity", relationship.referencing());
        node.put("ReferencingAttribute", relationship.column());
        node.put("ReferencingEntityNavigationPropertyName", navigation);
        ObjectNode cascade = node.putObject("CascadeConfiguration");
        cascade.put("Delete", relationship.delete());
        return node;
    }

    /** Applies {@code $select} (checked against {@code known}) and {@code $filter} to a list of metadata objects. */
    static ArrayNode query(List<ObjectNode> items, Map<String, String> query, Set<String> known, String typeName) {
        return query(items, query, known, typeName, null);
    }

    /** As above; {@code decorate} may add to each answered item (original, projected), e.g. for $expand. */
    static ArrayNode query(List<ObjectNode> items, Map<String, String> query, Set<String> known, String typeName,
                           java.util.function.BiConsumer<ObjectNode, ObjectNode> decorate) {
        List<String> select = select(query.get("$select"), known, typeName);
        ODataFilter filter = null;
        if (query.containsKey("$filter")) {
            filter = ODataFilter.parse(query.get("$filter"), property -> filterColumn(items, known, property), typeName);
        }
        ArrayNode out = SimResponse.JSON.createArrayNode();
        for (ObjectNode item : items) {
            if (filter == null || filter.matches(property -> plain(item.get(property)))) {
                ObjectNode projected = project(item, select);
                if (decorate != null) {
                    projected = projected == item ? item.deepCopy() : projected;
                    decorate.accept(item, projected);
                }
                out.add(projected);
            }
        }
        return out;
    }

    static List<String> select(String select, Set<String> known, String typeName) {
        if (select == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String raw : select.split(",")) {
            String name = raw.trim();
            if (!known.contains(name)) {
                throw DataverseFault.unknownQueryProperty(name, typeName);
            }
            names.add(name);
        }
        return names;
    }

    static ObjectNode project(ObjectNode item, List<String> select) {
        if (select == null) {
            return item;
        }
        ObjectNode out = SimResponse.JSON.createObjectNode();
        if (item.has("@odata.type")) {
            out.set("@odata.type", item.get("@odata.type"));
        }
        for (String name : select) {
            out.set(name, item.has(name) ? item.get(name) : SimResponse.JSON.nullNode());
        }
        if (item.has("MetadataId") && !out.has("MetadataId")) {
            out.set("MetadataId", item.get("MetadataId"));
        }
        return out;
    }

    static Set<String> properties(List<ObjectNode> items, Set<String> always) {
        Set<String> names = new LinkedHashSet<>(always);
        for (ObjectNode item : items) {
            for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.startsWith("@")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static SimColumn filterColumn(List<ObjectNode> items, Set<String> known, String property) {
        if (!known.contains(property)) {
            return null;
        }
        SimColumnType type = SimColumnType.STRING;
        if (property.equals("MetadataId")) {
            type = SimColumnType.UNIQUEIDENTIFIER;
        } else {
            for (ObjectNode item : items) {
                JsonNode value = item.get(property);
                if (value != null && !value.isNull()) {
                    type = value.isBoolean() ? SimColumnType.BOOLEAN : value.isNumber() ? SimColumnType.DECIMAL
                            : value.isTextual() ? SimColumnType.STRING : null;
                    break;
                }
            }
        }
        return type == null ? null : new SimColumn(property, type, SimTable.stableId("meta:" + property));
    }

    private static Object plain(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        String text = value.asText();
        try {
            return text.length() == 36 ? UUID.fromString(text) : text;
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
