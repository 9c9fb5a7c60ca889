package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Creates, updates and deletes rows: validation, audit columns, owner, alternate-key uniqueness, and the delete
 * cascades of the relationships. Every method must run inside {@link RecordStore#atomically}.
 */
final class RecordWriter {

    private final SimState state;
    private final RecordValidator validator;

    RecordWriter(SimState state) {
        this.state = state;
        this.validator = new RecordValidator(state);
    }

    RecordValidator validator() {
        return validator;
    }

    /** The id a create body carries in its primary key column, or null. */
    UUID bodyId(SimTable table, JsonNode body) {
        if (body == null || !body.isObject() || !body.has(table.primaryId) || body.get(table.primaryId).isNull()) {
            return null;
        }
        return (UUID) validator.convert(table, table.column(table.primaryId), body.get(table.primaryId));
    }

    /** Creates a row; an existing primary key is 0x80040237 with {@code duplicateStatus}. */
    SimRecord create(SimTable table, JsonNode body, UUID givenId, RequestContext context, int duplicateStatus) {
        requireWritable(table);
        UUID bodyId = bodyId(table, body);
        UUID id = givenId != null ? givenId : bodyId != null ? bodyId : state.store.newId();
        if (state.store.get(table.logicalName, id) != null) {
            throw DataverseFault.duplicate(duplicateStatus);
        }
        Map<String, Object> changes = validator.changes(table, body, null, id);
        return insert(table, id, changes, context);
    }

    /** Stores a new row from validated changes (also used by alternate-key upserts, which add the key columns). */
    SimRecord insert(SimTable table, UUID id, Map<String, Object> changes, RequestContext context) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(table.primaryId, id);
        changes.forEach((column, value) -> {
            if (value != null) {
                values.put(column, value);
            }
        });
        Instant now = state.now();
        Object overridden = values.get("overriddencreatedon");
        values.put("createdon", overridden != null ? overridden : now);
        values.put("modifiedon", now);
        values.put("createdby", context.userRef());
        values.put("modifiedby", context.userRef());
        if (table.column("ownerid") != null) {
            values.putIfAbsent("ownerid", context.userRef());
        }
        if (table.column("owningbusinessunit") != null) {
            values.put("owningbusinessunit", state.businessUnit);
        }
        deriveBaseMoney(table, values);
        long version = state.store.nextVersion();
        values.put("versionnumber", version);
        SimRecord record = new SimRecord(table.logicalName, id, values, version);
        checkKeys(table, record);
        state.store.put(record);
        context.count(1);
        return record;
    }

    SimRecord update(SimTable table, SimRecord existing, JsonNode body, RequestContext context) {
        requireWritable(table);
        Map<String, Object> changes = validator.changes(table, body, existing, existing.id());
        return apply(table, existing, changes, context);
    }

    SimRecord apply(SimTable table, SimRecord existing, Map<String, Object> changes, RequestContext context) {
        // one working copy of the row, then one stored copy (a task's state change comes here for every task)
        Map<String, Object> values = existing.merged(changes);
        values.put("modifiedon", state.now());
        values.put("modifiedby", context.userRef());
        long version = state.store.nextVersion();
        values.put("versionnumber", version);
        deriveBaseMoney(table, values);
        SimRecord updated = new SimRecord(existing.table(), existing.id(), values, version);
        checkKeys(table, updated);
        state.store.put(updated);
        context.count(1);
        return updated;
    }

    /** Deletes a row and, first, what its relationships cascade to; 404 when it is gone already. */
    void delete(SimTable table, UUID id, RequestContext context) {
        requireWritable(table);
        if (state.store.get(table.logicalName, id) == null) {
            throw DataverseFault.recordMissing(table.logicalName, id);
        }
        deleteCascading(table.logicalName, id, context);
        context.count(1);
    }

    /** Every row of a table being deleted, with what their relationships cascade to (a table's delete takes its data). */
    void deleteAllRows(SimTable table, RequestContext context) {
        for (SimRecord row : state.store.rows(table.logicalName)) {
            deleteCascading(table.logicalName, row.id(), context);
        }
    }

    private void deleteCascading(String table, UUID id, RequestContext context) {
        if (state.store.get(table, id) == null) {
            return; // reached twice through two relationships
        }
        SimRef parent = new SimRef(table, id);
        for (SimRelationship relationship : List.copyOf(state.metadata.relationships())) {
            if (!relationship.referenced().equals(table)) {
                continue;
            }
            List<SimRecord> children = new ArrayList<>();
            for (SimRecord row : state.store.rows(relationship.referencing())) {
                if (parent.equals(row.get(relationship.column())) && !row.id().equals(id)) {
                    children.add(row);
                }
            }
            if (children.isEmpty()) {
                continue;
            }
            switch (relationship.delete()) {
                case "Cascade" -> children.forEach(child -> deleteCascading(child.table(), child.id(), context));
                case "RemoveLink" -> {
                    for (SimRecord child : children) {
                        Map<String, Object> unlink = new LinkedHashMap<>();
                        unlink.put(relationship.column(), null);
                        long version = state.store.nextVersion();
                        unlink.put("versionnumber", version);
                        state.store.put(child.with(unlink, version));
                    }
                }
                default -> throw DataverseFault.invalidArgument("The object you tried to delete is associated with "
                        + "another object and cannot be deleted: " + children.size() + " " + relationship.referencing()
                        + " row(s) refer to it through " + relationship.name() + " (Restrict).");
            }
        }
        state.store.remove(table, id);
    }

    private void requireWritable(SimTable table) {
        if (!table.writable) {
            throw DataverseFault.invalidArgument("The simulator does not accept writes to '" + table.logicalName
                    + "': its rows are seeded (use DataverseSimulator.addSystemUser for users).");
        }
    }

    /** {@code <money>_base} = value / the currency's exchange rate. */
    private void deriveBaseMoney(SimTable table, Map<String, Object> values) {
        Object currency = values.get("transactioncurrencyid");
        if (!(currency instanceof SimRef ref)) {
            return;
        }
        SimRecord row = state.store.get(ref.table(), ref.id());
        if (row == null || !(row.get("exchangerate") instanceof java.math.BigDecimal rate) || rate.signum() == 0) {
            return;
        }
        values.put("exchangerate", rate);
        for (SimColumn column : table.columns.values()) {
            String base = column.logicalName + "_base";
            if (column.type == SimColumnType.MONEY && table.column(base) != null) {
                Object value = values.get(column.logicalName);
                if (value instanceof java.math.BigDecimal amount) {
                    values.put(base, amount.divide(rate, 2, java.math.RoundingMode.HALF_UP));
                } else {
                    values.remove(base);
                }
            }
        }
    }

    /** An Active alternate key's values must be unique (0x80060892). */
    private void checkKeys(SimTable table, SimRecord record) {
        for (SimAlternateKey key : table.keys) {
            if (!key.active()) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (String attribute : key.attributes) {
                values.put(attribute, record.get(attribute));
            }
            if (values.containsValue(null)) {
                continue;
            }
            for (UUID other : state.store.withKey(table.logicalName, key.attributes, values)) {
                if (!other.equals(record.id())) {
                    throw new DataverseFault(412, DataverseFault.KEY_VIOLATION_CODE, "A record that has the attribute values "
                            + values.values().stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + " already exists. The entity key " + key.schemaName + " requires that this set of "
                            + "attributes contains unique values. Select unique values and try again.");
                }
            }
        }
    }
}
