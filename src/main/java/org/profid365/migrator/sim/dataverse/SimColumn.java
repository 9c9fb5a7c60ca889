package org.profid365.migrator.sim.dataverse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One column of a simulated table, with what a write must respect (length, range, choices, create/update). */
final class SimColumn {

    final String logicalName;
    String schemaName;
    final SimColumnType type;
    Integer maxLength;
    BigDecimal min;
    BigDecimal max;
    Integer precision;
    /** Choice values and labels (Picklist, MultiSelect, State, Status, Boolean 0/1). */
    final Map<Integer, String> options = new LinkedHashMap<>();
    /** Status value to its state (Status columns). */
    final Map<Integer, Integer> stateOfStatus = new LinkedHashMap<>();
    /** State value to its default status (State columns). */
    final Map<Integer, Integer> defaultStatusOfState = new LinkedHashMap<>();
    boolean validCreate = true;
    boolean validUpdate = true;
    /** DateTime with DateOnly behaviour: {@code YYYY-MM-DD} only. */
    boolean dateOnly;
    String behavior;
    String format;
    String requiredLevel = "None";
    boolean custom;
    boolean primaryId;
    boolean primaryName;
    String solution;
    String globalOptionSet;
    String displayName;
    final List<String> targets = new ArrayList<>();
    final UUID metadataId;

    SimColumn(String logicalName, SimColumnType type, UUID metadataId) {
        this.logicalName = logicalName;
        this.schemaName = logicalName;
        this.type = type;
        this.metadataId = metadataId;
    }

    SimColumn readOnly() {
        validCreate = false;
        validUpdate = false;
        return this;
    }

    /** The name this column goes by in queries and answers: {@code _x_value} for lookups. */
    String propertyName() {
        return type.isLookup() ? "_" + logicalName + "_value" : logicalName;
    }

    String edmType() {
        return type == SimColumnType.DATETIME && dateOnly ? "Edm.Date" : type.edmType();
    }
}
