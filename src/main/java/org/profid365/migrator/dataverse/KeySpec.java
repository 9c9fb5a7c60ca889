package org.profid365.migrator.dataverse;

import java.util.List;
import java.util.Objects;

/** An alternate key to create: its SchemaName, display name and the columns it is made of. [dataverse.md Schema] */
public record KeySpec(String schemaName, String displayName, List<String> keyAttributes) {

    public KeySpec {
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(displayName, "displayName");
        keyAttributes = List.copyOf(keyAttributes);
        if (keyAttributes.isEmpty()) {
            throw new IllegalArgumentException("an alternate key needs at least one column");
        }
    }

    public String logicalName() {
        return schemaName.toLowerCase(java.util.Locale.ROOT);
    }
}
