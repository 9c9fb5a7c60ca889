package org.profid365.migrator.dataverse;

import java.util.Objects;

/**
 * A one-to-many relationship and the lookup column it adds to the many side ({@code referencingTable}).
 * {@code deleteCascade} is {@code RemoveLink}, {@code Restrict} or {@code Cascade}.
 * [webapi/create-update-entity-definitions-using-web-api]
 */
public record LookupSpec(
        String relationshipSchemaName,
        String referencedTable,
        String referencingTable,
        String lookupSchemaName,
        String lookupDisplayName,
        String deleteCascade) {

    public LookupSpec {
        Objects.requireNonNull(relationshipSchemaName, "relationshipSchemaName");
        Objects.requireNonNull(referencedTable, "referencedTable");
        Objects.requireNonNull(referencingTable, "referencingTable");
        Objects.requireNonNull(lookupSchemaName, "lookupSchemaName");
        Objects.requireNonNull(lookupDisplayName, "lookupDisplayName");
        deleteCascade = deleteCascade == null ? "RemoveLink" : deleteCascade;
    }
}
