package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The simulator's whole state as JSON with every map sorted, so two dumps compare line by line. */
final class StateDump {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private StateDump() {
    }

    static String write(SimState state) {
        Map<String, Object> root = state.store.atomically(() -> build(state));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state", e);
        }
    }

    private static Map<String, Object> build(SimState state) {
        Map<String, Object> root = new TreeMap<>();
        Map<String, Object> org = new TreeMap<>();
        org.put("organizationId", state.organizationId.toString());
        org.put("businessUnitId", state.businessUnitId.toString());
        org.put("baseCurrency", state.options.baseCurrency());
        root.put("organization", org);
        Map<String, Object> tables = new TreeMap<>();
        for (SimTable table : state.metadata.tables()) {
            tables.put(table.logicalName, table(table));
        }
        root.put("tables", tables);
        List<Map<String, Object>> relationships = new ArrayList<>();
        for (SimRelationship r : state.metadata.relationships()) {
            Map<String, Object> one = new TreeMap<>();
            one.put("name", r.name());
            one.put("referenced", r.referenced());
            one.put("referencing", r.referencing());
            one.put("column", r.column());
            one.put("delete", r.delete());
            one.put("solution", r.solution());
            relationships.add(one);
        }
        relationships.sort(Comparator.comparing(m -> m.get("name").toString()));
        root.put("relationships", relationships);
        Map<String, Object> optionSets = new TreeMap<>();
        state.metadata.optionSets().forEach((name, set) -> {
            Map<String, Object> one = new TreeMap<>();
            one.put("metadataId", set.metadataId.toString());
            one.put("options", stringKeys(set.options));
            one.put("solution", set.solution);
            optionSets.put(name, one);
        });
        root.put("globalOptionSets", optionSets);
        root.put("publishes", List.copyOf(state.metadata.publishLog()));
        root.put("bulkSupport", new TreeMap<>(state.bulkSupport));
        Map<String, Object> records = new TreeMap<>();
        for (String table : state.store.tableNames()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SimRecord row : state.store.rows(table)) {
                Map<String, Object> values = new TreeMap<>();
                row.values().forEach((column, value) -> values.put(column, plain(value)));
                rows.add(values);
            }
            if (!rows.isEmpty()) {
                records.put(table, rows);
            }
        }
        root.put("records", records);
        return root;
    }

    private static Map<String, Object> table(SimTable table) {
        Map<String, Object> out = new TreeMap<>();
        out.put("entitySet", table.entitySet);
        out.put("primaryId", table.primaryId);
        out.put("primaryName", table.primaryName);
        out.put("schemaName", table.schemaName);
        out.put("custom", table.custom);
        out.put("ownership", table.ownership);
        out.put("hasNotes", table.hasNotes);
        out.put("hasActivities", table.hasActivities);
        out.put("solution", table.solution);
        out.put("published", table.published);
        Map<String, Object> columns = new TreeMap<>();
        for (SimColumn c : table.columns.values()) {
            Map<String, Object> column = new TreeMap<>();
            column.put("type", c.type.attributeType());
            column.put("schemaName", c.schemaName);
            column.put("custom", c.custom);
            column.put("validCreate", c.validCreate);
            column.put("validUpdate", c.validUpdate);
            if (c.maxLength != null) {
                column.put("maxLength", c.maxLength);
            }
            if (c.min != null) {
                column.put("min", c.min.toPlainString());
            }
            if (c.max != null) {
                column.put("max", c.max.toPlainString());
            }
            if (!c.options.isEmpty()) {
                column.put("options", stringKeys(c.options));
            }
            if (c.type == SimColumnType.DATETIME) {
                column.put("dateOnly", c.dateOnly);
            }
            if (!c.targets.isEmpty()) {
                column.put("targets", List.copyOf(c.targets));
            }
            if (c.solution != null) {
                column.put("solution", c.solution);
            }
            if (c.globalOptionSet != null) {
                column.put("globalOptionSet", c.globalOptionSet);
            }
            columns.put(c.logicalName, column);
        }
        out.put("columns", columns);
        Map<String, Object> navigations = new TreeMap<>();
        table.navigations.forEach((name, nav) -> navigations.put(name, Map.of("column", nav.column(), "targets", nav.targets())));
        out.put("navigations", navigations);
        List<Map<String, Object>> keys = new ArrayList<>();
        for (SimAlternateKey key : table.keys) {
            Map<String, Object> one = new TreeMap<>();
            one.put("schemaName", key.schemaName);
            one.put("attributes", key.attributes);
            one.put("status", key.status);
            one.put("solution", key.solution);
            keys.add(one);
        }
        out.put("keys", keys);
        return out;
    }

    private static Map<String, Object> stringKeys(Map<Integer, String> options) {
        Map<String, Object> out = new TreeMap<>(Comparator.comparingLong(Long::parseLong));
        options.forEach((k, v) -> out.put(Integer.toString(k), v));
        return out;
    }

    private static Object plain(Object value) {
        if (value instanceof SimRef ref) {
            return ref.table() + ":" + ref.id();
        }
        if (value instanceof Instant instant) {
            return RecordJson.format(instant);
        }
        if (value instanceof LocalDate || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        return value;
    }
}
