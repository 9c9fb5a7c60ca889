package org.profid365.migrator.schema;

import java.util.Locale;
import org.profid365.migrator.config.ConfigurationException;

/**
 * The Dynamics 365 Sales edition of the target org ({@code dataverse.edition}): Sales Professional allows 15 custom
 * tables, Enterprise has no cap. [dataverse.md Schema]
 */
public enum Edition {
    SALES_PROFESSIONAL("sales-professional", 15),
    ENTERPRISE("enterprise", null);

    private final String key;
    private final Integer customTableLimit;

    Edition(String key, Integer customTableLimit) {
        this.key = key;
        this.customTableLimit = customTableLimit;
    }

    /** The setting's value, {@code sales-professional} or {@code enterprise}. */
    public String key() {
        return key;
    }

    /** The most custom tables the edition allows, or null when it has no cap. */
    public Integer customTableLimit() {
        return customTableLimit;
    }

    public static Edition parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Edition e : values()) {
            if (e.key.equals(v)) {
                return e;
            }
        }
        throw new ConfigurationException("dataverse.edition must be sales-professional or enterprise, not '" + value + "'");
    }
}
