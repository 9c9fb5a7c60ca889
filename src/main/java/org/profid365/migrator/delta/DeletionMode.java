package org.profid365.migrator.delta;

import java.util.Locale;
import org.profid365.migrator.config.ConfigurationException;

/** What the delta does in Dynamics with a record deleted in Profi ({@code migrator.delta.deletions}). */
public enum DeletionMode {
    /** Nothing in Dynamics: the record is listed in the run's deletion report. */
    REPORT,
    /** Its Dynamics records are set inactive where the table has a state (audited with the state before). */
    DEACTIVATE,
    /** Its Dynamics records are deleted by their recorded ids, children first (audited with what they held). */
    DELETE;

    public static DeletionMode parse(String value) {
        String v = value == null || value.isBlank() ? "report" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "report" -> REPORT;
            case "deactivate" -> DEACTIVATE;
            case "delete" -> DELETE;
            default -> throw new ConfigurationException(
                    "migrator.delta.deletions must be report, deactivate or delete, not '" + value + "'");
        };
    }

    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }
}
