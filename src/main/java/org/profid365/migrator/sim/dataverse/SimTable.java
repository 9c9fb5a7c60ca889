package org.profid365.migrator.sim.dataverse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A simulated table: its names, columns, navigation properties and alternate keys. */
final class SimTable {

    final String logicalName;
    final String entitySet;
    final String primaryId;
    String primaryName;
    String schemaName;
    String ownership;
    final boolean custom;
    boolean activity;
    boolean hasNotes;
    boolean hasActivities;
    /** False for tables the simulator seeds itself (systemuser, team, transactioncurrency). */
    boolean writable = true;
    String displayName;
    String displayCollectionName;
    String solution;
    boolean published = true;
    int objectTypeCode;
    final UUID metadataId;
    final Map<String, SimColumn> columns = new LinkedHashMap<>();
    /** Case-sensitive, as OData reads them. */
    final Map<String, SimNavigation> navigations = new LinkedHashMap<>();
    final Set<String> polymorphic = new LinkedHashSet<>();
    final List<SimAlternateKey> keys = new ArrayList<>();

    SimTable(String logicalName, String entitySet, String primaryId, boolean custom) {
        this.logicalName = logicalName;
        this.entitySet = entitySet;
        this.primaryId = primaryId;
        this.custom = custom;
        this.metadataId = stableId("table:" + logicalName);
    }

    SimColumn column(String name) {
        return columns.get(name);
    }

    SimColumn add(SimColumn column) {
        columns.put(column.logicalName, column);
        return column;
    }

    /** The column a query property names: a column, or {@code _x_value} for a lookup x. */
    SimColumn queryProperty(String property) {
        if (property.startsWith("_") && property.endsWith("_value") && property.length() > 7) {
            SimColumn lookup = columns.get(property.substring(1, property.length() - 6));
            return lookup != null && lookup.type.isLookup() ? lookup : null;
        }
        SimColumn column = columns.get(property);
        return column != null && !column.type.isLookup() ? column : null;
    }

    SimAlternateKey keyFor(Set<String> attributes) {
        for (SimAlternateKey key : keys) {
            if (Set.copyOf(key.attributes).equals(attributes)) {
                return key;
            }
        }
        return null;
    }

    String entityType() {
        return "Microsoft.Dynamics.CRM." + logicalName;
    }

    /** Name-based ids keep metadata ids the same from run to run. */
    static UUID stableId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
