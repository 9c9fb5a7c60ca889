package org.profid365.migrator.dataverse;

import java.util.Objects;

/**
 * A custom table to create: user-owned, with its one primary-name text column.
 * [webapi/create-update-entity-definitions-using-web-api]
 */
public record TableSpec(
        String schemaName,
        String displayName,
        String displayCollectionName,
        String description,
        String primaryNameSchemaName,
        String primaryNameDisplayName,
        int primaryNameMaxLength,
        boolean hasNotes,
        boolean hasActivities) {

    public TableSpec {
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(displayCollectionName, "displayCollectionName");
        Objects.requireNonNull(primaryNameSchemaName, "primaryNameSchemaName");
        if (primaryNameMaxLength < 1 || primaryNameMaxLength > 4000) {
            throw new IllegalArgumentException("the primary name's MaxLength must be 1..4000");
        }
    }

    /** A table with notes, without activities, and a 100-character primary name called {@code <prefix>_Name}. */
    public static TableSpec of(String schemaName, String displayName, String displayCollectionName) {
        String prefix = schemaName.substring(0, schemaName.indexOf('_') + 1);
        return new TableSpec(schemaName, displayName, displayCollectionName, null, prefix + "Name", "Name", 100, true,
                false);
    }

    public String logicalName() {
        return schemaName.toLowerCase(java.util.Locale.ROOT);
    }
}
