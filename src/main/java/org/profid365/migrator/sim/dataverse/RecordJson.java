package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes rows as the Web API answers them: {@code @odata.etag}, selected columns, lookups as {@code _x_value}. */
final class RecordJson {

    private RecordJson() {
    }

    /** The columns a {@code $select} names; null when there is none (all columns). */
    static List<SimColumn> select(SimTable table, String select) {
        if (select == null) {
            return null;
        }
        List<SimColumn> columns = new ArrayList<>();
        for (String raw : select.split(",")) {
            String name = raw.trim();
            SimColumn column = table.queryProperty(name);
            if (column == null) {
                throw DataverseFault.unknownQueryProperty(name, table.logicalName);
            }
            if (!columns.contains(column)) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** The context fragment after {@code $metadata#}: {@code contacts(firstname,lastname)}. */
    static String contextSelection(SimTable table, List<SimColumn> select) {
        if (select == null) {
            return table.entitySet;
        }
        List<String> names = new ArrayList<>();
        select.forEach(c -> names.add(c.propertyName()));
        return table.entitySet + "(" + String.join(",", names) + ")";
    }

    static ObjectNode render(SimTable table, SimRecord record, List<SimColumn> select, boolean annotations) {
        ObjectNode node = SimResponse.JSON.createObjectNode();
        node.put("@odata.etag", "W/\"" + record.version() + "\"");
        List<SimColumn> columns = select != null ? select : new ArrayList<>(table.columns.values());
        for (SimColumn column : columns) {
            put(node, column, record.get(column.logicalName), annotations);
        }
        if (select != null && !node.has(table.primaryId)) {
            node.put(table.primaryId, record.id().toString());
        }
        return node;
    }

    private static void put(ObjectNode node, SimColumn column, Object value, boolean annotations) {
        String name = column.propertyName();
        if (value == null) {
            node.putNull(name);
            return;
        }
        if (value instanceof SimRef ref) {
            node.put(name, ref.id().toString());
            if (annotations) {
                node.put(name + "@Microsoft.Dynamics.CRM.lookuplogicalname", ref.table());
            }
            return;
        }
        putValue(node, name, value);
        if (annotations && (column.type.isChoice() || column.type == SimColumnType.BOOLEAN)) {
            Integer key = value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value;
            String label = column.options.get(key);
            if (label != null) {
                node.put(name + "@OData.Community.Display.V1.FormattedValue", label);
            }
        }
    }

    static void putValue(ObjectNode node, String name, Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof String s) {
            node.put(name, s);
        } else if (value instanceof Integer i) {
            node.put(name, i);
        } else if (value instanceof Long l) {
            node.put(name, l);
        } else if (value instanceof BigDecimal d) {
            node.put(name, d);
        } else if (value instanceof Double d) {
            node.put(name, d);
        } else if (value instanceof Boolean b) {
            node.put(name, b);
        } else if (value instanceof Instant instant) {
            node.put(name, format(instant));
        } else if (value instanceof LocalDate date) {
            node.put(name, date.toString());
        } else if (value instanceof UUID id) {
            node.put(name, id.toString());
        } else if (value instanceof SimRef ref) {
            node.put(name, ref.id().toString());
        } else {
            node.put(name, value.toString());
        }
    }

    /** UTC with Z, whole seconds: {@code 2024-03-01T09:30:00Z}. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
