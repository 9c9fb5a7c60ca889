package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET} on the schema [webapi/query-metadata-web-api]: {@code EntityDefinitions} (with $select, $filter,
 * $expand=Attributes|Keys), one table's {@code Attributes}, {@code Keys}, {@code ManyToOneRelationships},
 * {@code OneToManyRelationships}; {@code GlobalOptionSetDefinitions}; {@code RelationshipDefinitions}.
 */
final class MetadataReads {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)(?:\\((.*?)\\))?");
    private static final Set<String> ENTITY_PROPERTIES = MetadataJson.properties(
            List.of(MetadataJson.entity(new SimTable("x", "xs", "xid", false))), Set.of("Attributes", "Keys"));

    private final SimState state;

    MetadataReads(SimState state) {
        this.state = state;
    }

    /** The table a key like {@code LogicalName='contact'} or {@code <MetadataId>} names; 404 when there is none. */
    SimTable table(String key) {
        SimTable table = null;
        String logicalName = named(key, "LogicalName");
        if (logicalName != null) {
            table = state.metadata.table(logicalName);
        } else {
            try {
                table = state.metadata.tableByMetadataId(UUID.fromString(key.trim()));
            } catch (IllegalArgumentException e) {
                throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, "The key '" + key + "' of EntityDefinitions "
                        + "must be a MetadataId or LogicalName='…'.");
            }
        }
        if (table == null) {
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find an entity with key " + key + ".");
        }
        return table;
    }

    /** {@code Name='value'} to value, or null when the key is not of that form. */
    static String named(String key, String name) {
        Matcher m = Pattern.compile("\\s*" + name + "\\s*=\\s*'((?:[^']|'')*)'\\s*").matcher(key);
        return m.matches() ? m.group(1).replace("''", "'") : null;
    }

    SimResponse handle(SimRequest request, RequestContext context) {
        context.count(1);
        String[] segments = request.resource().split("/");
        Matcher first = SEGMENT.matcher(segments[0]);
        if (!first.matches()) {
            throw DataverseFault.segmentNotFound(segments[0]);
        }
        String key = first.group(2);
        Map<String, String> query = request.query();
        return switch (first.group(1)) {
            case "EntityDefinitions" -> entityDefinitions(segments, key, query);
            case "GlobalOptionSetDefinitions" -> optionSets(key, query);
            default -> relationships(key, query, null);
        };
    }

    private SimResponse entityDefinitions(String[] segments, String key, Map<String, String> query) {
        if (key == null) {
            List<ObjectNode> items = new ArrayList<>();
            state.metadata.tables().forEach(t -> items.add(MetadataJson.entity(t)));
            ArrayNode value = MetadataJson.query(items, query, ENTITY_PROPERTIES, "EntityMetadata");
            return collection("EntityDefinitions", value);
        }
        SimTable table = table(key);
        if (segments.length == 1) {
            List<String> select = MetadataJson.select(query.get("$select"), ENTITY_PROPERTIES, "EntityMetadata");
            ObjectNode entity = MetadataJson.project(MetadataJson.entity(table), select);
            expand(table, entity, query.get("$expand"));
            ObjectNode body = SimResponse.JSON.createObjectNode();
            body.put("@odata.context", state.baseUrl + "$metadata#EntityDefinitions"
                    + (select == null ? "" : "(" + String.join(",", select) + ")") + "/$entity");
            body.setAll(entity);
            return SimResponse.json(200, body);
        }
        Matcher child = SEGMENT.matcher(segments[1]);
        if (!child.matches()) {
            throw DataverseFault.segmentNotFound(segments[1]);
        }
        String childKey = child.group(2);
        return switch (child.group(1)) {
            case "Attributes" -> attributes(table, childKey, segments.length > 2 ? segments[2] : null, query);
            case "Keys" -> keys(table, childKey, query);
            case "ManyToOneRelationships" -> relationships(null, query, r -> r.referencing().equals(table.logicalName));
            case "OneToManyRelationships" -> relationships(null, query, r -> r.referenced().equals(table.logicalName));
            default -> throw DataverseFault.segmentNotFound(segments[1]);
        };
    }

    private void expand(SimTable table, ObjectNode entity, String expand) {
        if (expand == null) {
            return;
        }
        for (String item : expand.split(",(?![^(]*\\))")) {
            Matcher m = Pattern.compile("\\s*(\\w+)(?:\\(\\$select=([^)]*)\\))?\\s*").matcher(item);
            if (!m.matches() || !(m.group(1).equals("Attributes") || m.group(1).equals("Keys"))) {
                throw DataverseFault.unknownQueryProperty(item.trim(), "EntityMetadata");
            }
            Map<String, String> nested = m.group(2) == null ? Map.of() : Map.of("$select", m.group(2));
            List<ObjectNode> items = m.group(1).equals("Attributes") ? attributeItems(table, null) : keyItems(table);
            entity.set(m.group(1), MetadataJson.query(items, nested, MetadataJson.properties(items, Set.of()),
                    m.group(1).equals("Attributes") ? "AttributeMetadata" : "EntityKeyMetadata"));
        }
    }

    private List<ObjectNode> attributeItems(SimTable table, String cast) {
        List<ObjectNode> items = new ArrayList<>();
        for (SimColumn column : table.columns.values()) {
            if (cast == null || cast.equals("Microsoft.Dynamics.CRM." + column.type.metadataType())) {
                items.add(MetadataJson.attribute(table, column, state.metadata.optionSets()));
            }
        }
        return items;
    }

    private SimResponse attributes(SimTable table, String key, String cast, Map<String, String> query) {
        if (key != null) {
            String logicalName = named(key, "LogicalName");
            SimColumn column = null;
            for (SimColumn c : table.columns.values()) {
                if (c.logicalName.equals(logicalName) || c.metadataId.toString().equalsIgnoreCase(key.trim())) {
                    column = c;
                }
            }
            if (column == null) {
                throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find an attribute with key " + key
                        + " on entity " + table.logicalName + ".");
            }
            if (cast != null && !cast.equals("Microsoft.Dynamics.CRM." + column.type.metadataType())) {
                throw DataverseFault.segmentNotFound(cast);
            }
            ObjectNode item = MetadataJson.attribute(table, column, state.metadata.optionSets());
            List<String> select = MetadataJson.select(query.get("$select"), MetadataJson.properties(List.of(item),
                    Set.of()), "AttributeMetadata");
            ObjectNode projected = MetadataJson.project(item, select);
            expandOptionSets(item, projected, query.get("$expand"));
            ObjectNode body = SimResponse.JSON.createObjectNode();
            body.put("@odata.context", state.baseUrl + "$metadata#EntityDefinitions('" + table.metadataId
                    + "')/Attributes" + (cast == null ? "" : "/" + cast) + "/$entity");
            body.setAll(projected);
            return SimResponse.json(200, body);
        }
        List<ObjectNode> all = attributeItems(table, null);
        List<ObjectNode> items = attributeItems(table, cast);
        String expand = query.get("$expand");
        ArrayNode value = MetadataJson.query(items, query, MetadataJson.properties(all, Set.of()), "AttributeMetadata",
                expand == null ? null : (item, projected) -> expandOptionSets(item, projected, expand));
        return collection("EntityDefinitions('" + table.metadataId + "')/Attributes" + (cast == null ? "" : "/" + cast), value);
    }

    /** {@code $expand=OptionSet,GlobalOptionSet} on a choice column: the option set, or the global one it binds. */
    private static void expandOptionSets(ObjectNode item, ObjectNode projected, String expand) {
        if (expand == null) {
            return;
        }
        for (String raw : expand.split(",")) {
            String name = raw.trim();
            if (!name.equals("OptionSet") && !name.equals("GlobalOptionSet")) {
                throw DataverseFault.unknownQueryProperty(name, "AttributeMetadata");
            }
            if (!item.has("OptionSet")) {
                throw DataverseFault.unknownQueryProperty(name, item.path("@odata.type").asText().replace("#Microsoft.Dynamics.CRM.", ""));
            }
            boolean global = item.path("OptionSet").path("IsGlobal").asBoolean(false);
            projected.set(name, name.equals("OptionSet") || global ? item.get("OptionSet") : SimResponse.JSON.nullNode());
        }
    }

    private List<ObjectNode> keyItems(SimTable table) {
        List<ObjectNode> items = new ArrayList<>();
        table.keys.forEach(k -> items.add(MetadataJson.key(table, k)));
        return items;
    }

    private SimResponse keys(SimTable table, String key, Map<String, String> query) {
        List<ObjectNode> items = keyItems(table);
        Set<String> known = MetadataJson.properties(List.of(MetadataJson.key(table,
                new SimAlternateKey("x", List.of(), UUID.randomUUID(), null))), Set.of());
        if (key != null) {
            String logicalName = named(key, "LogicalName");
            for (SimAlternateKey k : table.keys) {
                if (k.logicalName.equals(logicalName) || k.metadataId.toString().equalsIgnoreCase(key.trim())) {
                    ObjectNode body = SimResponse.JSON.createObjectNode();
                    body.put("@odata.context", state.baseUrl + "$metadata#EntityDefinitions('" + table.metadataId
                            + "')/Keys/$entity");
                    body.setAll(MetadataJson.project(MetadataJson.key(table, k),
                            MetadataJson.select(query.get("$select"), known, "EntityKeyMetadata")));
                    return SimResponse.json(200, body);
                }
            }
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find a key with key " + key + ".");
        }
        return collection("EntityDefinitions('" + table.metadataId + "')/Keys",
                MetadataJson.query(items, query, known, "EntityKeyMetadata"));
    }

    private SimResponse optionSets(String key, Map<String, String> query) {
        List<ObjectNode> items = new ArrayList<>();
        state.metadata.optionSets().values().forEach(s -> items.add(MetadataJson.optionSet(s)));
        Set<String> known = MetadataJson.properties(List.of(MetadataJson.optionSet(
                new SimOptionSet("x", UUID.randomUUID(), null, false))), Set.of());
        if (key != null) {
            String name = named(key, "Name");
            for (SimOptionSet set : state.metadata.optionSets().values()) {
                if (set.name.equals(name) || set.metadataId.toString().equalsIgnoreCase(key.trim())) {
                    ObjectNode body = SimResponse.JSON.createObjectNode();
                    body.put("@odata.context", state.baseUrl + "$metadata#GlobalOptionSetDefinitions/$entity");
                    body.setAll(MetadataJson.project(MetadataJson.optionSet(set),
                            MetadataJson.select(query.get("$select"), known, "OptionSetMetadata")));
                    return SimResponse.json(200, body);
                }
            }
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find an option set with key " + key + ".");
        }
        return collection("GlobalOptionSetDefinitions", MetadataJson.query(items, query, known, "OptionSetMetadata"));
    }

    private SimResponse relationships(String key, Map<String, String> query,
                                      java.util.function.Predicate<SimRelationship> only) {
        List<ObjectNode> items = new ArrayList<>();
        for (SimRelationship r : state.metadata.relationships()) {
            if (only == null || only.test(r)) {
                items.add(MetadataJson.relationship(r, navigation(r)));
            }
        }
        Set<String> known = MetadataJson.properties(List.of(MetadataJson.relationship(
                new SimRelationship("x", "a", "b", "c", "Cascade", null, "n"), "n")), Set.of());
        if (key != null) {
            String name = named(key, "SchemaName");
            for (ObjectNode item : items) {
                if (item.path("SchemaName").asText().equals(name) || item.path("MetadataId").asText().equalsIgnoreCase(key.trim())) {
                    ObjectNode body = SimResponse.JSON.createObjectNode();
                    body.put("@odata.context", state.baseUrl + "$metadata#RelationshipDefinitions/$entity");
                    body.setAll(MetadataJson.project(item, MetadataJson.select(query.get("$select"), known,
                            "RelationshipMetadataBase")));
                    return SimResponse.json(200, body);
                }
            }
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE, "Could not find a relationship with key " + key + ".");
        }
        return collection("RelationshipDefinitions", MetadataJson.query(items, query, known, "RelationshipMetadataBase"));
    }

    /** The referencing table's navigation property for a relationship. */
    String navigation(SimRelationship relationship) {
        if (relationship.navigation() != null) {
            return relationship.navigation();
        }
        SimTable referencing = state.metadata.table(relationship.referencing());
        if (referencing == null) {
            return null;
        }
        for (SimNavigation nav : referencing.navigations.values()) {
            if (nav.column().equals(relationship.column()) && nav.targets().contains(relationship.referenced())) {
                return nav.name();
            }
        }
        return null;
    }

    private SimResponse collection(String context, ArrayNode value) {
        ObjectNode body = SimResponse.JSON.createObjectNode();
        body.put("@odata.context", state.baseUrl + "$metadata#" + context);
        body.set("value", value);
        return SimResponse.json(200, body);
    }
}
