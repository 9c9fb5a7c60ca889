package org.profid365.migrator.sim.dataverse;

import java.util.List;
import java.util.UUID;

/** An alternate key; built asynchronously, usable only once Active. */
final class SimAlternateKey {

    final String schemaName;
    final String logicalName;
    final List<String> attributes;
    final UUID metadataId;
    final String solution;
    volatile String status = "Pending";

    SimAlternateKey(String schemaName, List<String> attributes, UUID metadataId, String solution) {
        this.schemaName = schemaName;
        this.logicalName = schemaName.toLowerCase(java.util.Locale.ROOT);
        this.attributes = List.copyOf(attributes);
        this.metadataId = metadataId;
        this.solution = solution;
    }

    boolean active() {
        return "Active".equals(status);
    }
}
