package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the standard tables and relationships from {@code /dataverse/tables.json} (transcribed from Microsoft's
 * entity reference pages), adding the system columns every table has.
 */
final class StandardTables {

    static final String RESOURCE = "/dataverse/tables.json";

    private static final Set<String> LOOKUP_SYSTEM = Set.of("createdby", "modifiedby", "createdonbehalfby",
            "modifiedonbehalfby", "owninguser", "owningteam", "owningbusinessunit", "masterid", "accountid",
            "parentcontactid", "contactid", "slainvokedid");
    private static final Set<String> BOOLEAN_SYSTEM = Set.of("isprivate", "merged", "isregularactivity", "isautocreate",
            "isreadonly", "ismanaged", "isvisible");
    private static final Set<String> INTEGER_SYSTEM = Set.of("timezoneruleversionnumber", "utcconversiontimezonecode",
            "importsequencenumber", "onholdtime", "scheduleddurationminutes", "filesize");
    private static final Map<String, Integer> TYPE_CODES = Map.of("account", 1, "contact", 2, "lead", 4,
            "annotation", 5, "systemuser", 8, "team", 9, "task", 4212, "transactioncurrency", 9105, "publisher", 7101,
            "solution", 7100);

    private StandardTables() {
    }

    record Catalog(List<SimTable> tables, List<SimRelationship> relationships) {
    }

    static Catalog load() {
        JsonNode root;
        try (InputStream in = StandardTables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<SimTable> tables = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("tables").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tables.add(table(entry.getKey(), entry.getValue()));
        }
        List<SimRelationship> relationships = new ArrayList<>();
        for (JsonNode r : root.path("relationships")) {
            relationships.add(new SimRelationship(r.path("name").asText(), r.path("referenced").asText(),
                    r.path("referencing").asText(), r.path("column").asText(), r.path("delete").asText(), null, null));
        }
        return new Catalog(tables, relationships);
    }

    private static SimTable table(String name, JsonNode spec) {
        SimTable table = new SimTable(name, spec.path("entityset").asText(), spec.path("primaryid").asText(), false);
        table.primaryName = spec.path("primaryname").asText(null);
        table.schemaName = spec.path("schemaname").asText(name);
        table.ownership = spec.path("ownership").asText("UserOwned");
        table.activity = spec.path("is_activity").asBoolean(false);
        table.writable = spec.path("writable").asBoolean(true);
        table.displayName = table.schemaName;
        table.displayCollectionName = table.entitySet;
        table.objectTypeCode = TYPE_CODES.getOrDefault(name, 10_000);
        table.hasNotes = Set.of("account", "contact", "lead", "task").contains(name);
        table.hasActivities = Set.of("account", "contact", "lead").contains(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("columns").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            table.add(column(name, entry.getKey(), entry.getValue()));
        }
        SimColumn id = table.column(table.primaryId);
        if (id != null) {
            id.primaryId = true;
        }
        if (table.primaryName != null && table.column(table.primaryName) != null) {
            table.column(table.primaryName).primaryName = true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("navs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            addNavigation(table, entry.getKey(), entry.getValue());
        }
        spec.path("polymorphic").forEach(p -> table.polymorphic.add(p.asText()));
        for (JsonNode readonly : spec.path("readonly")) {
            String column = readonly.asText();
            if (table.column(column) == null) {
                table.add(systemColumn(name, column));
            }
        }
        addSystemColumns(table);
        return table;
    }

    private static SimColumn column(String table, String name, JsonNode spec) {
        SimColumnType type = SimColumnType.fromReference(spec.path("type").asText());
        SimColumn column = new SimColumn(name, type, SimTable.stableId("column:" + table + "." + name));
        if (spec.has("max")) {
            if (type.isText()) {
                column.maxLength = spec.path("max").asInt();
            } else {
                column.max = spec.path("max").decimalValue();
            }
        }
        if (spec.has("min")) {
            column.min = spec.path("min").decimalValue();
        }
        if (spec.has("precision")) {
            column.precision = spec.path("precision").asInt();
        }
        column.format = spec.path("format").asText(null);
        column.behavior = spec.path("behavior").asText(null);
        column.dateOnly = type == SimColumnType.DATETIME && "DateOnly".equals(column.behavior);
        column.requiredLevel = spec.path("required").asText("None");
        // valid_create null (unknown) counts as valid; only an explicit false forbids
        column.validCreate = !spec.path("valid_create").isBoolean() || spec.path("valid_create").asBoolean();
        column.validUpdate = !spec.path("valid_update").isBoolean() || spec.path("valid_update").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("options").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            int value = Integer.parseInt(option.getKey());
            JsonNode label = option.getValue();
            if (label.isObject()) {
                column.options.put(value, label.path("label").asText());
                if (label.has("default_status")) {
                    column.defaultStatusOfState.put(value, label.path("default_status").asInt());
                }
                if (label.has("state")) {
                    column.stateOfStatus.put(value, label.path("state").asInt());
                }
            } else {
                column.options.put(value, label.asText());
            }
        }
        if (type == SimColumnType.BOOLEAN) {
            column.options.put(0, "No");
            column.options.put(1, "Yes");
        }
        return column;
    }

    private static void addNavigation(SimTable table, String name, JsonNode spec) {
        String columnName = spec.path("column").asText();
        List<String> targets = new ArrayList<>();
        spec.path("targets").forEach(t -> targets.add(t.asText()));
        table.navigations.put(name, new SimNavigation(name, columnName, List.copyOf(targets)));
        SimColumn column = table.column(columnName);
        if (column == null) {
            SimColumnType type = switch (spec.path("kind").asText("Lookup")) {
                case "Owner" -> SimColumnType.OWNER;
                case "Customer" -> SimColumnType.CUSTOMER;
                default -> SimColumnType.LOOKUP;
            };
            column = table.add(new SimColumn(columnName, type,
                    SimTable.stableId("column:" + table.logicalName + "." + columnName)));
        }
        for (String target : targets) {
            if (!column.targets.contains(target)) {
                column.targets.add(target);
            }
        }
    }

    /** A column named only in the entity page's read-only list, typed by its well-known name. */
    static SimColumn systemColumn(String table, String name) {
        SimColumnType type;
        if (name.equals("createdon") || name.equals("modifiedon")) {
            type = SimColumnType.DATETIME;
        } else if (LOOKUP_SYSTEM.contains(name)) {
            type = SimColumnType.LOOKUP;
        } else if (name.equals("versionnumber")) {
            type = SimColumnType.BIGINT;
        } else if (name.equals("exchangerate")) {
            type = SimColumnType.DECIMAL;
        } else if (name.endsWith("_base") || name.startsWith("aging")) {
            type = SimColumnType.MONEY;
        } else if (BOOLEAN_SYSTEM.contains(name)) {
            type = SimColumnType.BOOLEAN;
        } else if (INTEGER_SYSTEM.contains(name)) {
            type = SimColumnType.INTEGER;
        } else if (name.endsWith("imageid")) {
            type = SimColumnType.UNIQUEIDENTIFIER;
        } else {
            type = SimColumnType.STRING;
        }
        SimColumn column = new SimColumn(name, type, SimTable.stableId("column:" + table + "." + name)).readOnly();
        if (type == SimColumnType.LOOKUP) {
            column.targets.add(switch (name) {
                case "owningbusinessunit" -> "businessunit";
                case "owningteam" -> "team";
                case "masterid" -> table;
                case "accountid" -> "account";
                case "parentcontactid", "contactid" -> "contact";
                case "slainvokedid" -> "sla";
                default -> "systemuser";
            });
        }
        if (type == SimColumnType.STRING) {
            column.maxLength = 4_000;
        }
        if (type == SimColumnType.DECIMAL) {
            column.precision = 10;
        }
        return column;
    }

    /** createdon/modifiedon/createdby/modifiedby/versionnumber everywhere; money columns get their _base. */
    static void addSystemColumns(SimTable table) {
        for (String name : List.of("createdon", "modifiedon", "createdby", "modifiedby", "versionnumber")) {
            if (table.column(name) == null) {
                table.add(systemColumn(table.logicalName, name));
            }
        }
        if ("UserOwned".equals(table.ownership) && table.column("owningbusinessunit") == null) {
            table.add(systemColumn(table.logicalName, "owningbusinessunit"));
        }
        boolean hasMoney = false;
        for (SimColumn column : List.copyOf(table.columns.values())) {
            if (column.type == SimColumnType.MONEY && !column.logicalName.endsWith("_base") && column.validCreate) {
                hasMoney = true;
                if (table.column(column.logicalName + "_base") == null) {
                    table.add(systemColumn(table.logicalName, column.logicalName + "_base"));
                }
            }
        }
        if (hasMoney && table.column("exchangerate") == null) {
            table.add(systemColumn(table.logicalName, "exchangerate"));
        }
    }
}
