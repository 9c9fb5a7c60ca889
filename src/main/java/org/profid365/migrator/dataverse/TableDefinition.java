package org.profid365.migrator.dataverse;

import java.util.UUID;

/** A table as its EntityDefinition describes it; {@code entitySetName} is what URLs use. */
public record TableDefinition(String logicalName, String schemaName, String entitySetName, String primaryIdAttribute,
        String primaryNameAttribute, UUID metadataId) {

    public TableRef toRef() {
        return new TableRef(logicalName, entitySetName, primaryIdAttribute);
    }
}
