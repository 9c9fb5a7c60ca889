package org.profid365.migrator.sim.dataverse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A global choice (option set) shared by picklist columns that bind it. */
final class SimOptionSet {

    final String name;
    final UUID metadataId;
    final Map<Integer, String> options = new LinkedHashMap<>();
    final String solution;
    final boolean multiSelect;
    String displayName;

    SimOptionSet(String name, UUID metadataId, String solution, boolean multiSelect) {
        this.name = name;
        this.metadataId = metadataId;
        this.solution = solution;
        this.multiSelect = multiSelect;
    }
}
