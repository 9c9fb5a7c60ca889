package org.profid365.migrator.sim.dataverse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The org's schema: tables (standard and custom), relationships, global option sets. Read and changed under the
 * {@link RecordStore}'s lock; metadata writes additionally take the customization lock so they run one at a time,
 * as Dataverse serializes customizations per org.
 */
final class MetadataStore {

    private final Map<String, SimTable> byLogicalName = new LinkedHashMap<>();
    private final Map<String, SimTable> byEntitySet = new LinkedHashMap<>();
    private final List<SimRelationship> relationships = new ArrayList<>();
    private final Map<String, SimOptionSet> optionSets = new LinkedHashMap<>();
    private final List<String> publishLog = new ArrayList<>();
    private final ReentrantLock customizationLock = new ReentrantLock(true);

    MetadataStore(StandardTables.Catalog catalog) {
        catalog.tables().forEach(this::addTable);
        relationships.addAll(catalog.relationships());
    }

    void addTable(SimTable table) {
        byLogicalName.put(table.logicalName, table);
        byEntitySet.put(table.entitySet, table);
    }

    void removeTable(SimTable table) {
        byLogicalName.remove(table.logicalName);
        byEntitySet.remove(table.entitySet);
    }

    SimTable table(String logicalName) {
        return byLogicalName.get(logicalName);
    }

    SimTable tableBySet(String entitySet) {
        return byEntitySet.get(entitySet);
    }

    SimTable tableByMetadataId(UUID id) {
        for (SimTable table : byLogicalName.values()) {
            if (table.metadataId.equals(id)) {
                return table;
            }
        }
        return null;
    }

    Collection<SimTable> tables() {
        return byLogicalName.values();
    }

    List<SimRelationship> relationships() {
        return relationships;
    }

    void addRelationship(SimRelationship relationship) {
        relationships.add(relationship);
    }

    SimRelationship relationship(String schemaName) {
        for (SimRelationship r : relationships) {
            if (r.name().equals(schemaName)) {
                return r;
            }
        }
        return null;
    }

    Map<String, SimOptionSet> optionSets() {
        return optionSets;
    }

    SimOptionSet optionSetById(UUID id) {
        for (SimOptionSet set : optionSets.values()) {
            if (set.metadataId.equals(id)) {
                return set;
            }
        }
        return null;
    }

    List<String> publishLog() {
        return publishLog;
    }

    /**
     * Takes the org's customization lock, waiting up to {@code timeoutMillis}; false when another customization
     * still holds it.
     */
    boolean lockCustomizations(long timeoutMillis) {
        try {
            return customizationLock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void unlockCustomizations() {
        customizationLock.unlock();
    }
}
